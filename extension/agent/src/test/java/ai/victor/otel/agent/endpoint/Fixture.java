package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * A real SDK meter provider with the endpoint's reader registered, and catalog series set to
 * chosen values: what the derivation would have produced, without running it.
 */
final class Fixture implements AutoCloseable {
  final Map<String, Double> healthInputs = new HashMap<>();
  final SnapshotReader reader;
  private final SdkMeterProvider provider;
  private final Meter meter;

  Fixture() {
    this(60_000);
  }

  Fixture(long windowMillis) {
    reader = new SnapshotReader(0, windowMillis, () -> healthInputs);
    provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    meter = provider.get("ai.victor.otel");
  }

  /** Sets a gauge point; labels alternate keys and values. */
  Fixture gauge(Metric metric, double value, String... labels) {
    meter.gaugeBuilder(metric.otelName()).build().set(value, attributes(labels));
    return this;
  }

  Fixture count(Metric metric, long increment, String... labels) {
    meter.counterBuilder(metric.otelName()).build().add(increment, attributes(labels));
    return this;
  }

  Fixture record(Metric metric, double value, String... labels) {
    meter.histogramBuilder(metric.otelName()).build().record(value, attributes(labels));
    return this;
  }

  Snapshot snapshot() {
    return reader.snapshot();
  }

  private static Attributes attributes(String... labels) {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      builder.put(labels[i], labels[i + 1]);
    }
    return builder.build();
  }

  @Override
  public void close() {
    provider.close();
  }
}
