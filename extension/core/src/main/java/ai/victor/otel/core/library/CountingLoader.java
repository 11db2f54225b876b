package ai.victor.otel.core.library;

import java.util.concurrent.Callable;

/**
 * Stands in for the loader of a {@code get(key, loader)} call to see whether the cache ran it: a
 * run loader is a miss and a load. Exceptions pass through unchanged.
 */
public final class CountingLoader<T> implements Callable<T> {
  private final Callable<T> loader;
  private volatile boolean ran;

  public CountingLoader(Callable<T> loader) {
    this.loader = loader;
  }

  @Override
  public T call() throws Exception {
    ran = true;
    return loader.call();
  }

  /** Whether {@code loader} (possibly null) is a counting loader that ran. */
  public static boolean ran(Object loader) {
    return loader instanceof CountingLoader && ((CountingLoader<?>) loader).ran;
  }
}
