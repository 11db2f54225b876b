package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.CacheCounts;
import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code victor.cache.operations}: an asynchronous counter that reads the JVM's {@link
 * CacheCounts} at each collection, for configured caches and cache libraries of every class
 * loader alike. Registered once per JVM state, by the extension at startup (like {@link
 * CacheGauges}, so that the callback lives as long as the agent and holds no class of an
 * application's loader); a second registration is a no-op.
 *
 * <p>Same series as a synchronous counter would export: hit, miss, put, eviction and invalidation
 * of every namespace from its first call (at 0 until used), load and the eviction causes once
 * they happened. Attributes are built once per namespace, on the collecting thread.
 */
public final class CacheCounters {
  private static final String[] OPERATIONS = {"hit", "miss", "load", "put", "eviction",
      "eviction", "eviction", "eviction", "invalidation"};
  private static final String[] CAUSES = {null, null, null, null, null, "size", "expired",
      "collected", null};
  /** Kinds reported at 0 before their first operation. */
  private static final boolean[] FROM_ZERO = {true, true, false, true, true, false, false, false,
      true};

  private CacheCounters() {}

  /** Registers the counter over {@code telemetry}'s counts, unless that was done already. */
  public static void register(Telemetry telemetry) {
    CacheCounts counts = telemetry.state().cacheCounts();
    if (!counts.claimReporting()) {
      return;
    }
    // Collections of several readers may run at once: a concurrent map.
    Map<CacheCounts.Counts, Attributes[]> attributes = new ConcurrentHashMap<>();
    telemetry.meter().counterBuilder(Metric.CACHE_OPERATIONS.otelName())
        .setUnit(Metric.CACHE_OPERATIONS.unit())
        .setDescription(Metric.CACHE_OPERATIONS.description())
        .buildWithCallback(measurement -> counts.forEach(namespace -> report(namespace,
            attributes.computeIfAbsent(namespace, CacheCounters::attributes), measurement)));
  }

  static void report(CacheCounts.Counts counts, Attributes[] attributes,
      ObservableLongMeasurement measurement) {
    for (int kind = 0; kind < CacheCounts.KINDS; kind++) {
      long sum = counts.sum(kind);
      if (sum > 0 || FROM_ZERO[kind]) {
        measurement.record(sum, attributes[kind]);
      }
    }
  }

  private static Attributes[] attributes(CacheCounts.Counts counts) {
    Attributes[] attributes = new Attributes[CacheCounts.KINDS];
    for (int kind = 0; kind < CacheCounts.KINDS; kind++) {
      attributes[kind] = CAUSES[kind] == null
          ? Attributes.of(Recorders.NAMESPACE, counts.namespace(), Recorders.OPERATION,
              OPERATIONS[kind])
          : Attributes.of(Recorders.NAMESPACE, counts.namespace(), Recorders.OPERATION,
              OPERATIONS[kind], Recorders.CAUSE, CAUSES[kind]);
    }
    return attributes;
  }
}
