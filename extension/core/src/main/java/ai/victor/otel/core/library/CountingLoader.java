package ai.victor.otel.core.library;

import java.util.concurrent.Callable;

/**
 * Stands in for the loader of a {@code get(key, loader)} call to see whether the cache ran it: a
 * run loader is a miss and a load. It calls the caller's loader on the same thread and passes its
 * value and exceptions through unchanged (README.md, "What the extension changes"). It also
 * carries the call's {@link LibraryCaches.Calls} from enter to exit advice, so that the advice
 * needs no second value.
 */
public final class CountingLoader<T> implements Callable<T> {
  private final Callable<T> loader;
  private final LibraryCaches.Calls calls;
  private volatile boolean ran;

  public CountingLoader(Callable<T> loader, LibraryCaches.Calls calls) {
    this.loader = loader;
    this.calls = calls;
  }

  /** The lookup in progress, for its exit. */
  public LibraryCaches.Calls calls() {
    return calls;
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
