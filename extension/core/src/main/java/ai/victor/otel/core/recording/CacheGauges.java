package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.CacheSizes;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code victor.cache.entries}, {@code victor.cache.utilization} and {@code victor.cache.memory}
 * for every cache that can tell its size: configured caches with a {@code size} accessor and
 * library caches alike, from every class loader of the JVM ({@link CacheSizes}). Registered once,
 * by the extension at startup: the callback then lives as long as the agent and holds no class of
 * an application's loader, and instances of one namespace add up whoever registered them (two
 * callbacks reporting the same series would not add; the SDK keeps one of them).
 */
public final class CacheGauges {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(Labels.NAMESPACE);

  private CacheGauges() {}

  /** Registers the gauges over {@code telemetry}'s cache-size registry. */
  public static void register(Telemetry telemetry) {
    Meter meter = telemetry.meter();
    ObservableLongMeasurement entries = meter.gaugeBuilder(Metric.CACHE_ENTRIES.otelName())
        .ofLongs()
        .setUnit(Metric.CACHE_ENTRIES.unit())
        .setDescription(Metric.CACHE_ENTRIES.description())
        .buildObserver();
    ObservableDoubleMeasurement utilization = meter
        .gaugeBuilder(Metric.CACHE_UTILIZATION.otelName())
        .setUnit(Metric.CACHE_UTILIZATION.unit())
        .setDescription(Metric.CACHE_UTILIZATION.description())
        .buildObserver();
    ObservableLongMeasurement memory = meter.gaugeBuilder(Metric.CACHE_MEMORY.otelName())
        .ofLongs()
        .setUnit(Metric.CACHE_MEMORY.unit())
        .setDescription(Metric.CACHE_MEMORY.description())
        .buildObserver();
    CacheSizes sizes = telemetry.state().cacheSizes();
    meter.batchCallback(() -> observe(sizes, entries, utilization, memory),
        entries, utilization, memory);
  }

  /** Sums the sources by namespace: entries, capacity (when every one knows it) and memory. */
  static void observe(CacheSizes sizes, ObservableLongMeasurement entries,
      ObservableDoubleMeasurement utilization, ObservableLongMeasurement memory) {
    Map<String, long[]> totals = new HashMap<>();
    long[] read = new long[3];
    sizes.forEach(source -> {
      String namespace = source.namespace();
      if (namespace == null || !source.read(read) || read[0] < 0) {
        return;
      }
      long[] total = totals.get(namespace);
      if (total == null) {
        total = new long[] {0, 0, -1};
        totals.put(namespace, total);
      }
      total[0] += read[0];
      total[1] = read[1] <= 0 || total[1] < 0 ? -1 : total[1] + read[1];
      if (read[2] >= 0) {
        total[2] = Math.max(total[2], 0) + read[2];
      }
    });
    for (Map.Entry<String, long[]> entry : totals.entrySet()) {
      Attributes attributes = Attributes.of(NAMESPACE, entry.getKey());
      long[] total = entry.getValue();
      entries.record(total[0], attributes);
      if (total[2] >= 0) {
        memory.record(total[2], attributes);
      }
      if (total[1] > 0) {
        utilization.record(Math.min(1.0, (double) total[0] / total[1]), attributes);
      }
    }
  }
}
