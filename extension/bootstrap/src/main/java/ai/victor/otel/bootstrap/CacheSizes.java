package ai.victor.otel.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every cache instance that reports its size, from every copy of core in the JVM: the one gauge
 * callback (registered once, from the extension's class loader) reads them all at each
 * collection and adds up instances of the same namespace, whichever class loader or module
 * registered them.
 *
 * <p>Sources are held weakly: each is kept alive by core's per-instance state of its cache, so it
 * goes when the cache does, and it never keeps an application's class loader (the registry
 * itself lives as long as the JVM). Adding is lock-free.
 */
public final class CacheSizes {
  /** One cache instance's sizes. */
  public interface Source {
    /** The namespace the instance reports under. */
    String namespace();

    /**
     * Writes the entries (≥ 0), the capacity in entries (-1 when unknown) and the memory in
     * bytes (-1 when unknown) into {@code into}; false when the instance is gone or its size is
     * unknown now.
     */
    boolean read(long[] into);
  }

  private final ReferenceQueue<Source> collected = new ReferenceQueue<>();
  private final AtomicBoolean expunging = new AtomicBoolean();
  private final Set<Reference<Source>> sources = ConcurrentHashMap.newKeySet();

  /** Reports {@code source} while something else keeps it alive. */
  public void add(Source source) {
    expunge();
    sources.add(new WeakReference<>(source, collected));
  }

  /** The live sources; for the gauge callback. */
  public void forEach(java.util.function.Consumer<Source> action) {
    expunge();
    for (Reference<Source> reference : sources) {
      Source source = reference.get();
      if (source != null) {
        action.accept(source);
      }
    }
  }

  /** The number of sources not yet dropped (collected ones count until the next add or read). */
  public int size() {
    return sources.size();
  }

  /** One thread at a time; another finding it busy goes on rather than wait for it. */
  private void expunge() {
    if (expunging.compareAndSet(false, true)) {
      try {
        for (Reference<?> gone = collected.poll(); gone != null; gone = collected.poll()) {
          sources.remove(gone);
        }
      } finally {
        expunging.set(false);
      }
    }
  }
}
