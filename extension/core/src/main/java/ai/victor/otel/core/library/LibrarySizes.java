package ai.victor.otel.core.library;

import ai.victor.otel.bootstrap.CacheSizes;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import java.lang.ref.WeakReference;

/**
 * {@code victor.cache.entries} and {@code victor.cache.utilization} for library caches that can
 * tell their size (and capacity): each such cache joins the JVM's size registry, which the one
 * gauge callback reads at each collection ({@code CacheGauges}), adding up instances of a
 * namespace with the configured caches of the same namespace.
 */
public final class LibrarySizes {
  /** Reads one library's caches. */
  public interface Sizer {
    /** Entries held now, or -1 when unknown. */
    long size(Object cache);

    /** The maximum number of entries, or -1 when unbounded or not counted in entries. */
    long capacity(Object cache);
  }

  private LibrarySizes() {}

  /** Reports {@code cache}'s size under {@code library}'s namespace while it lives. */
  public static void observe(Object cache, LibraryCache library, Sizer sizer) {
    Observed observed = new Observed(cache, library, sizer);
    // Read once now, while the application's class loader is surely open: the classes a read
    // needs are then loaded, and a read at a collection after the application was undeployed
    // (its loader closed, the cache not yet collected) does not fail to load them.
    observed.read(new long[3]);
    library.keep(observed);
    Telemetry.get().state().cacheSizes().add(observed);
  }

  /** One library cache's sizes; holds the cache weakly. */
  static final class Observed extends WeakReference<Object> implements CacheSizes.Source {
    private final LibraryCache library;
    private final Sizer sizer;

    Observed(Object cache, LibraryCache library, Sizer sizer) {
      super(cache);
      this.library = library;
      this.sizer = sizer;
    }

    @Override
    public String namespace() {
      CacheRecorder recorder = library.recorder();
      return recorder == null ? null : recorder.namespace();
    }

    @Override
    public boolean read(long[] into) {
      Object cache = get();
      if (cache == null || library.recorder() == null) {
        return false;
      }
      try {
        long size = sizer.size(cache);
        if (size < 0) {
          return false;
        }
        into[0] = size;
        into[1] = sizer.capacity(cache);
        into[2] = -1;
        return true;
      } catch (Throwable t) {
        Telemetry.get().failures().record("cache", t);
        return false;
      }
    }
  }
}
