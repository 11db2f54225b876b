package ai.victor.otel.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cache calls in progress on one thread, innermost last, for every copy of core in the JVM
 * (configured caches and cache libraries alike): the key of each call (the instance, or the store
 * it counts against), its owner, its start time and flags. Core's re-entry and double-counting
 * checks scan it; each caller pops what it pushed.
 *
 * <p>It lives here, in a class of the bootstrap class path, because a thread outlives the
 * application that used it: a pool thread of an application server keeps its thread-locals after
 * a webapp is dropped, so a thread-local whose value had a class of the webapp's loader (core is
 * injected there) would keep that loader and its metaspace for the life of the thread. Between
 * calls this object holds nothing of an application: popped slots are cleared, and the last
 * instances seen are {@link WeakReference}s.
 *
 * <p>One small object per thread (four-slot arrays, about 200 bytes), made on the thread's first
 * cache call; a virtual thread per request pays that once.
 */
public final class ThreadCalls {
  private static final ThreadLocal<ThreadCalls> CURRENT = new ThreadLocal<>();

  /** Per call: the instance or store, its owner (core's state for it), start, flags. */
  public Object[] keys = new Object[4];
  public Object[] owners = new Object[4];
  public long[] starts = new long[4];
  public int[] flags = new int[4];
  public int size;
  /**
   * Handles of the last configured cache and the last library cache called on this thread: most
   * calls go to the same cache as the one before, and core skips its instance lookup then. Weak,
   * so that they keep neither the instance nor core's class loader.
   */
  public WeakReference<?> lastConfigured;
  public WeakReference<?> lastLibrary;
  /** This thread's key for {@link WeakIdentityMap} lookups. */
  public final WeakIdentityMap.Lookup lookup = new WeakIdentityMap.Lookup();
  private int random = ThreadLocalRandom.current().nextInt() | 1;

  private ThreadCalls() {}

  /** The calling thread's calls. */
  public static ThreadCalls current() {
    ThreadCalls calls = CURRENT.get();
    if (calls == null) {
      calls = new ThreadCalls();
      CURRENT.set(calls);
    }
    return calls;
  }

  public void push(Object key, Object owner, long start, int flag) {
    if (size == keys.length) {
      int capacity = size * 2;
      keys = Arrays.copyOf(keys, capacity);
      owners = Arrays.copyOf(owners, capacity);
      starts = Arrays.copyOf(starts, capacity);
      flags = Arrays.copyOf(flags, capacity);
    }
    keys[size] = key;
    owners[size] = owner;
    starts[size] = start;
    flags[size] = flag;
    size++;
  }

  /** Removes the innermost call and returns its start; {@code empty} when there is none. */
  public long pop(long empty) {
    if (size == 0) {
      return empty;
    }
    size--;
    keys[size] = null;
    owners[size] = null;
    return starts[size];
  }

  /** The innermost call's slot, or -1. */
  public int top() {
    return size - 1;
  }

  /** A per-thread xorshift draw: a few arithmetic operations, no shared state. */
  public int nextRandom() {
    int x = random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    random = x;
    return x;
  }
}
