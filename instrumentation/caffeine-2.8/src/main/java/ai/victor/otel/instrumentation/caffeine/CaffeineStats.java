package ai.victor.otel.instrumentation.caffeine;

import ai.victor.otel.core.library.LibraryCache;
import ai.victor.otel.core.library.LibraryCaches;
import ai.victor.otel.core.library.LibrarySizes;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Caffeine reports every hit, miss, load and eviction (with its cause) to the builder's {@link
 * StatsCounter}, on every code path (manual, loading and async caches, bulk lookups). Counting
 * there is cheaper and more exact than deducing them from method results. A builder without
 * statistics gets a counter that forwards to Caffeine's disabled one, so {@code cache.stats()}
 * stays empty as before; a builder with the application's own counter gets one that forwards to
 * it, so the application's statistics are unchanged. What does change: {@code
 * policy().isRecordingStats()} reads true.
 */
public final class CaffeineStats {
  private static final String CAFFEINE = "com.github.benmanes.caffeine.";
  /** The cache being built on this thread, attached to the built object when build returns. */
  private static final ThreadLocal<LibraryCache> BUILDING = new ThreadLocal<>();
  private static volatile Field supplierField;
  private static final LibrarySizes.Sizer SIZES = new Sizes();

  private CaffeineStats() {}

  /** Enter of {@code build}: wraps the builder's statistics supplier (once per builder). */
  public static void install(Object builder) {
    try {
      Field field = supplierField;
      if (field == null) {
        field = Caffeine.class.getDeclaredField("statsCounterSupplier");
        field.setAccessible(true);
        supplierField = field;
      }
      Object current = field.get(builder);
      if (!(current instanceof CounterSupplier)) {
        @SuppressWarnings("unchecked")
        Supplier<? extends StatsCounter> application = (Supplier<? extends StatsCounter>) current;
        field.set(builder, new CounterSupplier(application));
      }
    } catch (Throwable t) {
      Telemetry.get().failures().record("cache", t);
    }
  }

  /** Exit of {@code build}: the built cache is the one whose counter this thread just made. */
  public static void attach(Object cache) {
    LibraryCache building = BUILDING.get();
    if (building != null) {
      BUILDING.remove();
      if (cache != null) {
        LibraryCaches.attach(cache, building);
        if (cache instanceof Cache && building.recorder() != null) {
          LibrarySizes.observe(cache, building, SIZES);
        }
      }
    }
  }

  /**
   * The namespace of a cache nobody named: the name without package of the class whose code called
   * {@code build}, the first frame outside Caffeine (and this extension), nested classes joined
   * with dots ({@code Outer.Inner}). A Spring cache or JCache that
   * wraps the cache later gives it its own name instead.
   */
  static String derivedName() {
    for (StackTraceElement frame : new Throwable().getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith(CAFFEINE) || type.startsWith("ai.victor.otel.core.")
          || type.startsWith("ai.victor.otel.instrumentation.caffeine.")
          || type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }
    return null;
  }

  /** Entries from {@code estimatedSize()}, capacity from a maximum size (not a maximum weight). */
  static final class Sizes implements LibrarySizes.Sizer {
    @Override
    public long size(Object cache) {
      return ((Cache<?, ?>) cache).estimatedSize();
    }

    @Override
    public long capacity(Object cache) {
      Policy.Eviction<?, ?> eviction =
          ((Cache<?, ?>) cache).policy().eviction().orElse(null);
      return eviction == null || eviction.isWeighted() ? -1 : eviction.getMaximum();
    }
  }

  /** The builder's statistics supplier: one victor counter per built cache. */
  static final class CounterSupplier implements Supplier<StatsCounter> {
    private final Supplier<? extends StatsCounter> application;

    CounterSupplier(Supplier<? extends StatsCounter> application) {
      this.application = application;
    }

    @Override
    public StatsCounter get() {
      StatsCounter delegate = application == null
          ? StatsCounter.disabledStatsCounter() : application.get();
      try {
        LibraryCache cache = LibraryCaches.newStore(derivedName());
        BUILDING.set(cache);
        // Guarded: Caffeine ignores (and logs) a failing counter instead of failing the cache.
        return StatsCounter.guardedStatsCounter(new Counter(cache, delegate));
      } catch (Throwable t) {
        Telemetry.get().failures().record("cache", t);
        return delegate;
      }
    }
  }

  /** Counts into victor, then forwards to the application's counter (or the disabled one). */
  static final class Counter implements StatsCounter {
    private final LibraryCache cache;
    private final StatsCounter delegate;

    Counter(LibraryCache cache, StatsCounter delegate) {
      this.cache = cache;
      this.delegate = delegate;
    }

    @Override
    public void recordHits(int count) {
      cache.hits(count);
      delegate.recordHits(count);
    }

    @Override
    public void recordMisses(int count) {
      cache.misses(count);
      delegate.recordMisses(count);
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
      cache.load();
      delegate.recordLoadSuccess(loadTime);
    }

    @Override
    public void recordLoadFailure(long loadTime) {
      cache.load();
      delegate.recordLoadFailure(loadTime);
    }

    /** The call Caffeine makes for every eviction since 2.8. */
    @Override
    public void recordEviction(int weight, RemovalCause cause) {
      cache.eviction(cause(cause));
      delegate.recordEviction(weight, cause);
    }

    /** Abstract in 2.x, gone in 3.x; Caffeine 2.8+ does not call it. */
    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public void recordEviction() {
      cache.eviction(-1);
      delegate.recordEviction();
    }

    @Override
    public CacheStats snapshot() {
      return delegate.snapshot();
    }

    private static int cause(RemovalCause cause) {
      if (cause == RemovalCause.SIZE) {
        return CacheRecorder.CAUSE_SIZE;
      }
      if (cause == RemovalCause.EXPIRED) {
        return CacheRecorder.CAUSE_EXPIRED;
      }
      return cause == RemovalCause.COLLECTED ? CacheRecorder.CAUSE_COLLECTED : -1;
    }
  }
}
