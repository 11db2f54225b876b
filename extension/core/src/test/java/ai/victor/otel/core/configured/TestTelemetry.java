package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An SDK with in-memory metric and span exporters, and a {@link Telemetry} bound to it with the
 * given settings, plus look-ups of the collected values by metric name and exact attributes.
 */
final class TestTelemetry {
  static final AttributeKey<String> ROLE = AttributeKey.stringKey("role");

  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk;
  final VictorConfig config;
  final Telemetry telemetry;

  private TestTelemetry(Map<String, String> settings) {
    sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    config = VictorConfig.load(ConfigSource.of(settings));
    telemetry = Telemetry.create(sdk, config);
  }

  /** Settings as alternating keys and values. */
  static TestTelemetry create(String... keysAndValues) {
    return new TestTelemetry(settings(keysAndValues));
  }

  static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> settings = new HashMap<String, String>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  /** Settings of one target: {@code victor.otel.target.<id>.<key>} for each key/value pair. */
  static List<String> target(String id, String... keysAndValues) {
    List<String> settings = new ArrayList<String>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.add(VictorConfig.TARGET_PREFIX + id + "." + keysAndValues[i]);
      settings.add(keysAndValues[i + 1]);
    }
    return settings;
  }

  static TestTelemetry create(List<String> keysAndValues) {
    return create(keysAndValues.toArray(new String[0]));
  }

  Collection<MetricData> collect() {
    return metrics.collectAllMetrics();
  }

  static MetricData metric(Collection<MetricData> collected, String name) {
    for (MetricData metric : collected) {
      if (metric.getName().equals(name)) {
        return metric;
      }
    }
    return null;
  }

  static PointData point(Collection<MetricData> collected, String name, Attributes attributes) {
    MetricData metric = metric(collected, name);
    if (metric == null) {
      return null;
    }
    for (PointData point : metric.getData().getPoints()) {
      if (point.getAttributes().equals(attributes)) {
        return point;
      }
    }
    return null;
  }

  /** A counter's (or up-down counter's) value; 0 when the series does not exist. */
  long sum(String name, Attributes attributes) {
    return sum(collect(), name, attributes);
  }

  static long sum(Collection<MetricData> collected, String name, Attributes attributes) {
    PointData point = point(collected, name, attributes);
    return point == null ? 0 : ((LongPointData) point).getValue();
  }

  /** The attribute values of {@code key} over the counter's series with a non-zero value. */
  static java.util.Set<String> nonZero(Collection<MetricData> collected, String name,
      AttributeKey<String> key) {
    java.util.Set<String> values = new java.util.TreeSet<String>();
    MetricData metric = metric(collected, name);
    if (metric != null) {
      for (LongPointData point : metric.getLongSumData().getPoints()) {
        if (point.getValue() != 0) {
          values.add(point.getAttributes().get(key));
        }
      }
    }
    return values;
  }

  /** A counter's total over all its series; 0 when it does not exist. */
  static long total(Collection<MetricData> collected, String name) {
    MetricData metric = metric(collected, name);
    long total = 0;
    if (metric != null) {
      for (LongPointData point : metric.getLongSumData().getPoints()) {
        total += point.getValue();
      }
    }
    return total;
  }

  /** A histogram point, or null when the series does not exist. */
  HistogramPointData histogram(String name, Attributes attributes) {
    return (HistogramPointData) point(collect(), name, attributes);
  }

  /** A gauge's value, or null when the series does not exist. */
  static Double gauge(Collection<MetricData> collected, String name, Attributes attributes) {
    MetricData metric = metric(collected, name);
    PointData point = point(collected, name, attributes);
    if (point == null) {
      return null;
    }
    if (metric.getType() == MetricDataType.LONG_GAUGE) {
      return (double) ((LongPointData) point).getValue();
    }
    return ((DoublePointData) point).getValue();
  }

  Double gauge(String name, Attributes attributes) {
    return gauge(collect(), name, attributes);
  }

  long failures(String role) {
    return sum("victor.otel.failures", Attributes.of(ROLE, role));
  }

  List<SpanData> finishedSpans() {
    return spans.getFinishedSpanItems();
  }
}
