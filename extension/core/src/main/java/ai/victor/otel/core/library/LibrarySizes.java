package ai.victor.otel.core.library;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code victor.cache.entries} and {@code victor.cache.utilization} for library caches that can
 * tell their size (and capacity), read at each collection. Instances are held weakly; instances
 * sharing a namespace report their sum, as configured caches do.
 */
public final class LibrarySizes {
  /** Reads one library's caches. */
  public interface Sizer {
    /** Entries held now, or -1 when unknown. */
    long size(Object cache);

    /** The maximum number of entries, or -1 when unbounded or not counted in entries. */
    long capacity(Object cache);
  }

  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(Labels.NAMESPACE);
  private static final List<Observed> observed = new ArrayList<>();

  private LibrarySizes() {}

  /** Reports {@code cache}'s size under {@code library}'s namespace while it lives. */
  public static void observe(Object cache, LibraryCache library, Sizer sizer) {
    synchronized (observed) {
      if (observed.isEmpty()) {
        register(Telemetry.get());
      }
      observed.removeIf(o -> o.cache.get() == null);
      observed.add(new Observed(cache, library, sizer));
    }
  }

  private static void register(Telemetry telemetry) {
    ObservableLongMeasurement entries = telemetry.meter()
        .gaugeBuilder(Metric.CACHE_ENTRIES.otelName()).ofLongs()
        .setUnit(Metric.CACHE_ENTRIES.unit())
        .setDescription(Metric.CACHE_ENTRIES.description())
        .buildObserver();
    ObservableDoubleMeasurement utilization = telemetry.meter()
        .gaugeBuilder(Metric.CACHE_UTILIZATION.otelName())
        .setUnit(Metric.CACHE_UTILIZATION.unit())
        .setDescription(Metric.CACHE_UTILIZATION.description())
        .buildObserver();
    telemetry.meter().batchCallback(() -> report(telemetry, entries, utilization),
        entries, utilization);
  }

  private static void report(Telemetry telemetry, ObservableLongMeasurement entries,
      ObservableDoubleMeasurement utilization) {
    List<Observed> snapshot;
    synchronized (observed) {
      snapshot = new ArrayList<>(observed);
    }
    Map<String, long[]> totals = new HashMap<>();
    for (Observed instance : snapshot) {
      Object cache = instance.cache.get();
      CacheRecorder recorder = instance.library.recorder();
      if (cache == null || recorder == null) {
        continue;
      }
      try {
        long size = instance.sizer.size(cache);
        if (size < 0) {
          continue;
        }
        long capacity = instance.sizer.capacity(cache);
        long[] total = totals.get(recorder.namespace());
        if (total == null) {
          total = new long[2];
          totals.put(recorder.namespace(), total);
        }
        total[0] += size;
        total[1] = capacity <= 0 || total[1] < 0 ? -1 : total[1] + capacity;
      } catch (Throwable t) {
        telemetry.failures().record("cache", t);
      }
    }
    for (Map.Entry<String, long[]> entry : totals.entrySet()) {
      Attributes attributes = Attributes.of(NAMESPACE, entry.getKey());
      long[] total = entry.getValue();
      entries.record(total[0], attributes);
      if (total[1] > 0) {
        utilization.record(Math.min(1.0, (double) total[0] / total[1]), attributes);
      }
    }
  }

  private static final class Observed {
    final WeakReference<Object> cache;
    final LibraryCache library;
    final Sizer sizer;

    Observed(Object cache, LibraryCache library, Sizer sizer) {
      this.cache = new WeakReference<>(cache);
      this.library = library;
      this.sizer = sizer;
    }
  }
}
