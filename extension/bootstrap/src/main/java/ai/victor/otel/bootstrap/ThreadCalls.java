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
 * <p>One small object per thread, made on the thread's first cache call, with four-slot arrays
 * made on the first call of each path: a virtual thread per request pays that once (about 350
 * bytes for a configured cache call, docs/performance.md).
 *
 * <p>Found through a table of the threads seen last, indexed by thread id, before the {@link
 * ThreadLocal}: in a service, whose own code keeps {@code ThreadLocal.get} hot, the JIT compiles
 * that method on its own first and then no longer inlines it into an instrumented method
 * ("already compiled into a big method"), so each cache call paid a real call for it, 3–7 ns of
 * a configured get's ~20 (docs/performance.md, issue 17). The table is a hint, never the
 * authority: the thread-local still owns each thread's object, and an entry is used only by its
 * own thread. A thread of a JDK class (a plain {@code Thread}, a virtual thread, a fork-join
 * worker) is recognized by its id and class: ids are unique for the life of the JVM, and no entry
 * is ever made for a class that overrides {@code getId()}, so a thread whose id and class match
 * an entry is the thread that made it. A thread of another class (a server's own {@code Thread}
 * subclass) is compared by identity, through a weak reference. Two threads whose ids share a slot
 * only cost the thread-local read. What the table keeps after a thread died is that object alone
 * (at most {@value #RECENT} of them: JDK types, nothing of an application between calls, a JDK
 * class), never the thread, whose context class loader may be a dropped webapp's.
 */
public final class ThreadCalls {
  private static final ThreadLocal<ThreadCalls> CURRENT = new ThreadLocal<>();
  /** Slots of the table of threads seen last; a power of two. */
  static final int RECENT = 1024;
  /**
   * The threads seen last, by thread id. Written and read without synchronization: a thread that
   * reads another thread's entry sees its final {@link #threadId}, which is not its own.
   */
  private static final ThreadCalls[] RECENTLY = new ThreadCalls[RECENT];

  private static final Object[] NO_OBJECTS = new Object[0];
  private static final long[] NO_LONGS = new long[0];
  private static final int[] NO_INTS = new int[0];

  // Configured caches' calls: the instance, the start and the kind of each. Apart from the
  // library calls below so that the configured hot path writes two slots and a kind, no more.
  private Object[] instances = NO_OBJECTS;
  private long[] instanceStarts = NO_LONGS;
  private int[] kinds = NO_INTS;
  private int instanceCount;

  /** Library caches' calls: the store each counts against, its owner, start, flags. */
  public Object[] keys = NO_OBJECTS;
  public Object[] owners = NO_OBJECTS;
  public long[] starts = NO_LONGS;
  public int[] flags = NO_INTS;
  public int size;
  /**
   * Handles of the last configured cache and the last library cache called on this thread: most
   * calls go to the same cache as the one before, and core skips its instance lookup then. Weak,
   * so that they keep neither the instance nor core's class loader.
   */
  public WeakReference<?> lastConfigured;
  public WeakReference<?> lastLibrary;
  /** The same, for the store-level library cache last looked up (a Caffeine cache's put). */
  public WeakReference<?> lastStore;
  /** This thread's key for {@link WeakIdentityMap} lookups. */
  public final WeakIdentityMap.Lookup lookup = new WeakIdentityMap.Lookup();
  private int random = ThreadLocalRandom.current().nextInt() | 1;
  /** The id of the thread these calls are of; -1 when its class may repeat ids (no entry). */
  private final long threadId;
  /** The thread's class when the JDK defines it (so keeping it keeps no application), else null. */
  private final Class<?> jdkClass;
  /** The thread, for the identity check of the other classes; weak, so no dead thread is kept. */
  private final WeakReference<Thread> thread;

  private ThreadCalls(Thread thread) {
    Class<?> type = thread.getClass();
    this.threadId = UNIQUE_IDS.get(type) ? thread.getId() : -1;
    this.jdkClass = type.getClassLoader() == null ? type : null;
    this.thread = new WeakReference<>(thread);
  }

  /** Thread classes whose {@code getId()} is {@link Thread}'s: a JVM-unique id. */
  private static final ClassValue<Boolean> UNIQUE_IDS = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("getId").getDeclaringClass() == Thread.class;
      } catch (Throwable t) {
        return false;
      }
    }
  };

  /** The calling thread's calls. */
  public static ThreadCalls current() {
    Thread thread = Thread.currentThread();
    long id = thread.getId();
    ThreadCalls calls = RECENTLY[(int) id & (RECENT - 1)];
    if (calls != null && calls.threadId == id
        && (thread.getClass() == calls.jdkClass || calls.thread.get() == thread)) {
      return calls;
    }
    return fromThreadLocal();
  }

  /** The thread's calls from the thread-local (made on its first call), now in the table. */
  private static ThreadCalls fromThreadLocal() {
    ThreadCalls calls = CURRENT.get();
    if (calls == null) {
      calls = new ThreadCalls(Thread.currentThread());
      CURRENT.set(calls);
    }
    if (calls.threadId >= 0) {
      RECENTLY[(int) calls.threadId & (RECENT - 1)] = calls;
    }
    return calls;
  }

  /** Whether the table holds the calls of {@code thread}; for tests. */
  static boolean inTable(Thread thread) {
    ThreadCalls calls = RECENTLY[(int) thread.getId() & (RECENT - 1)];
    return calls != null && calls.thread.get() == thread;
  }

  // ---- configured caches ------------------------------------------------------------------

  /** True when {@code instance} is already in a configured call of this kind (a re-entry). */
  public boolean inProgress(Object instance, int kind) {
    for (int i = instanceCount - 1; i >= 0; i--) {
      if (instances[i] == instance && kinds[i] == kind) {
        return true;
      }
    }
    return false;
  }

  public void pushInstance(Object instance, long start, int kind) {
    int at = instanceCount;
    if (at == instances.length) {
      int capacity = Math.max(4, at * 2);
      instances = Arrays.copyOf(instances, capacity);
      instanceStarts = Arrays.copyOf(instanceStarts, capacity);
      kinds = Arrays.copyOf(kinds, capacity);
    }
    instances[at] = instance;
    instanceStarts[at] = start;
    kinds[at] = kind;
    instanceCount = at + 1;
  }

  /** Ends the innermost configured call and returns its start; {@code empty} when none. */
  public long popInstance(long empty) {
    int at = instanceCount - 1;
    if (at < 0) {
      return empty;
    }
    instanceCount = at;
    instances[at] = null;
    return instanceStarts[at];
  }

  /** The start of the innermost configured call; for tests. */
  public long instanceStart() {
    return instanceStarts[instanceCount - 1];
  }

  // ---- library caches ---------------------------------------------------------------------

  public void push(Object key, Object owner, long start, int flag) {
    if (size == keys.length) {
      int capacity = Math.max(4, size * 2);
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

  /** Removes the innermost library call and returns its start; {@code empty} when none. */
  public long pop(long empty) {
    if (size == 0) {
      return empty;
    }
    size--;
    keys[size] = null;
    owners[size] = null;
    return starts[size];
  }

  /** The innermost library call's slot, or -1. */
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
