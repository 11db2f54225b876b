package ai.victor.otel.core.library;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.configured.CacheCalls;
import ai.victor.otel.core.recording.InstanceTable;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Counting the caches of cache libraries (Caffeine, Spring {@code Cache}, JCache) into the same
 * {@code victor.cache.*} series as configured caches, and counting each logical call once.
 *
 * <p><b>The double-counting rule.</b> Spring's {@code CaffeineCache} and {@code JCacheCache} wrap
 * a Caffeine cache or a JCache, and a JCache of the Caffeine provider wraps a Caffeine cache: one
 * logical {@code get} passes through two or three instrumented layers. Every library cache has a
 * <em>store</em>, resolved once per instance: a Spring cache's is its native cache's store, a
 * JCache's is the Caffeine cache inside it when {@code unwrap} finds one, else itself; a Caffeine
 * cache is its own store. A call counts unless a call on the same store is already in progress
 * on this thread: the outermost abstraction the application called wins, and the layers beneath
 * it only tell it what they saw (a miss, a load). Calls on other stores count, so an L1 whose
 * loader asks an L2 counts both, and evictions always count, on the store that evicted.
 *
 * <p>A cache instance of a class that a configured cache target covers is left to the configured
 * instrumentation (docs/libraries/*.md).
 *
 * <p>Hot path, no allocation, one lookup in {@code victor.otel.cache.latency-sample-every} timed:
 * a Caffeine hit or miss is a volatile read and a counter add (the thread's calls are read only
 * for a store a Spring cache or JCache wraps); a Caffeine put an identity-table probe and a
 * counter add; a Spring or JCache call a thread-local read, a push and pop on this thread's calls
 * in progress (usually none or one) and a counter add. Figures in docs/performance.md.
 */
public final class LibraryCaches {
  /** Flags a nested layer sets on the outer call of its store. */
  static final int MISSED = 1;
  static final int LOADED = 2;
  /** A frame of the store's own library (Caffeine timing its lookup), not an outer abstraction. */
  private static final int OWN = 4;

  private static final LibraryCache NOT_COUNTED = new LibraryCache(null, true, null);
  private static final InstanceTable<LibraryCache> INSTANCES = new InstanceTable<>(65_536);
  private static final Function<Object, LibraryCache> UNKNOWN_INSTANCE = instance -> NOT_COUNTED;
  private static final ThreadLocal<Calls> CALLS = new ThreadLocal<Calls>() {
    @Override
    protected Calls initialValue() {
      return new Calls();
    }
  };
  private static volatile int sampleMask = Integer.MIN_VALUE;

  private LibraryCaches() {}

  // ---- instances -------------------------------------------------------------------------

  /** A new store-level cache (a Caffeine cache being built) with a derived namespace. */
  public static LibraryCache newStore(String derivedNamespace) {
    return new LibraryCache(recorder(derivedNamespace));
  }

  /** Maps the built library object to its cache; a configured target's class is not counted. */
  public static void attach(Object instance, LibraryCache cache) {
    if (CacheCalls.instance().isConfigured(instance.getClass())) {
      cache.disable();
    }
    INSTANCES.get(instance, any -> cache);
  }

  /** The cache attached to a store-level instance, or one that counts nothing. */
  public static LibraryCache find(Object instance) {
    return INSTANCES.get(instance, UNKNOWN_INSTANCE);
  }

  /**
   * The identity-table entry of an abstraction-level instance, described by {@code binder} on
   * first use; null when describing it threw (the call is skipped and the failure counted).
   */
  private static InstanceTable.Entry<LibraryCache> bind(Object instance,
      Function<Object, LibraryCache> binder) {
    try {
      return INSTANCES.entry(instance, binder);
    } catch (Throwable t) {
      // The instance's getName or getNativeCache threw: skip this call, count the failure.
      Telemetry.get().failures().record("cache", t);
      return null;
    }
  }

  /**
   * Describes an abstraction-level cache (for a module's binder): its namespace, and the native
   * object it wraps, whose store becomes its own. The store is lent the namespace when it has
   * only a derived one.
   */
  public static LibraryCache describe(Object instance, String name, Object nativeCache) {
    if (CacheCalls.instance().isConfigured(instance.getClass())) {
      return NOT_COUNTED;
    }
    CacheRecorder recorder = recorder(name);
    Object store = nativeCache == null ? null : storeOf(nativeCache);
    if (store instanceof LibraryCache) {
      ((LibraryCache) store).wrappedBy(recorder);
    }
    return new LibraryCache(recorder, true, store == instance ? null : store);
  }

  private static Object storeOf(Object nativeCache) {
    LibraryCache known = INSTANCES.peek(nativeCache);
    if (known != null && known != NOT_COUNTED) {
      return known.store == null ? nativeCache : known.store;
    }
    Object caffeine = unwrapCaffeine(nativeCache);
    if (caffeine != null) {
      LibraryCache inner = INSTANCES.peek(caffeine);
      if (inner != null && inner != NOT_COUNTED) {
        return inner;
      }
    }
    return nativeCache;
  }

  /** The Caffeine cache inside a JCache of the Caffeine provider, found once per instance. */
  private static Object unwrapCaffeine(Object cache) {
    try {
      Class<?> caffeine = Class.forName("com.github.benmanes.caffeine.cache.Cache", false,
          cache.getClass().getClassLoader());
      Method unwrap = cache.getClass().getMethod("unwrap", Class.class);
      return unwrap.invoke(cache, caffeine);
    } catch (Throwable notACaffeineJCache) {
      return null; // no Caffeine here, no unwrap, or unwrap refused: the JCache is the store
    }
  }

  private static CacheRecorder recorder(String namespace) {
    return CacheCalls.instance().recorderFor(namespace == null ? Labels.UNKNOWN : namespace);
  }

  // ---- calls -----------------------------------------------------------------------------

  /**
   * Enter of an abstraction-level call (Spring, JCache) on {@code self}, whose cache {@code
   * binder} describes on first use. Returns the thread's calls to pass to the exit, or null when
   * the call is not counted (nested in a call on the same store, or a cache not counted here);
   * the exit then does nothing.
   */
  public static Calls enter(Object self, Function<Object, LibraryCache> binder) {
    Calls calls = CALLS.get();
    LibraryCache cache = calls.remembered(self);
    if (cache == null) {
      InstanceTable.Entry<LibraryCache> entry = bind(self, binder);
      if (entry == null) {
        return null;
      }
      calls.remember(entry);
      cache = entry.value();
    }
    if (cache.recorder() == null) {
      return null;
    }
    Object store = cache.store == null ? self : cache.store;
    if (calls.indexOf(store, false) >= 0) {
      return null;
    }
    calls.push(store, cache, start(), 0);
    return calls;
  }

  /**
   * Enter of a store's own put or invalidation (a Caffeine {@code put}, {@code invalidate}).
   * Returns the token for {@link #putExit} or {@link #invalidationExit}, null when not counted.
   *
   * <p>A store no abstraction wraps has no outer call to defer to, and Caffeine's own puts and
   * invalidations call no other counted method of the same cache: its token is the cache itself,
   * and the call costs no thread-local read nor stack push (which measured about 20 ns of a put,
   * docs/performance.md). A wrapped store's call goes on the thread's stack, so that the call of
   * a Spring cache or JCache on it counts instead.
   */
  public static Object enterOwn(LibraryCache cache) {
    if (cache.recorder() == null) {
      return null;
    }
    if (!cache.wrapped()) {
      return cache;
    }
    Calls calls = CALLS.get();
    if (calls.indexOf(cache, false) >= 0) {
      return null;
    }
    calls.push(cache, cache, 0, OWN);
    return calls;
  }

  /**
   * Enter of a store's own lookup, which only times it (the store's statistics count it): outside
   * the latency sample it costs one random number, nothing else.
   */
  public static Calls enterOwnLookup(Object instance) {
    if (!sampled()) {
      return null;
    }
    LibraryCache cache = find(instance);
    if (cache.recorder() == null) {
      return null;
    }
    Calls calls = CALLS.get();
    if (calls.indexOf(cache, false) >= 0) {
      return null;
    }
    calls.push(cache, cache, now(), OWN);
    return calls;
  }

  private static long start() {
    return sampled() ? now() : 0;
  }

  private static boolean sampled() {
    int mask = sampleMask;
    if (mask == Integer.MIN_VALUE) {
      int every = Telemetry.get().config().cacheLatencySampleEvery();
      mask = every == 0 ? -1 : every - 1;
      sampleMask = mask;
    }
    return mask >= 0 && (ThreadLocalRandom.current().nextInt() & mask) == 0;
  }

  private static long now() {
    long now = System.nanoTime();
    return now == 0 ? 1 : now;
  }

  /**
   * Exit of a lookup of {@code keys} keys of which {@code found} were found (a single-key lookup
   * passes 1 and 0 or 1). A layer beneath that reported a miss turns a found value into a miss
   * (a read-through load); {@code loaded} says the call ran a loader itself.
   */
  public static void lookupExit(Calls calls, int keys, int found, boolean loaded,
      Throwable thrown) {
    if (calls == null) {
      return;
    }
    int top = calls.size - 1;
    LibraryCache cache = calls.owners[top];
    long start = calls.starts[top];
    int flags = calls.flags[top];
    calls.pop();
    if (thrown != null) {
      return;
    }
    CacheRecorder recorder = cache.recorder();
    if (recorder == null) {
      return;
    }
    if ((flags & OWN) == 0) {
      if (keys == 1 && (flags & MISSED) != 0) {
        found = 0;
      }
      if (found > 0) {
        recorder.hits(found);
      }
      if (keys > found) {
        recorder.misses(keys - found);
      }
      if (loaded || (flags & LOADED) != 0) {
        recorder.load();
      }
    }
    if (start != 0) {
      recorder.latency(System.nanoTime() - start);
    }
  }

  /** Exit of a put of {@code count} entries; {@code token} is what the enter returned. */
  public static void putExit(Object token, long count, Throwable thrown) {
    CacheRecorder recorder = pop(token, thrown);
    if (recorder != null && count > 0) {
      recorder.puts(count);
    }
  }

  /** Exit of an invalidation (a removal on request: evict, remove, clear). */
  public static void invalidationExit(Object token, boolean happened, Throwable thrown) {
    CacheRecorder recorder = pop(token, thrown);
    if (recorder != null && happened) {
      recorder.invalidation();
    }
  }

  /** Ends the call of the token (the thread's calls, or an unwrapped store); its recorder. */
  private static CacheRecorder pop(Object token, Throwable thrown) {
    LibraryCache cache;
    if (token instanceof LibraryCache) {
      cache = (LibraryCache) token;
    } else if (token instanceof Calls) {
      Calls calls = (Calls) token;
      cache = calls.owners[calls.size - 1];
      calls.pop();
    } else {
      return null;
    }
    return thrown == null ? cache.recorder() : null;
  }

  /**
   * Whether an outer call on this store is in progress on this thread; if so it is told {@code
   * flag} and the caller must not count.
   */
  static boolean absorbedByOuterCall(LibraryCache store, int flag) {
    Calls calls = CALLS.get();
    if (calls.size == 0) {
      return false;
    }
    int index = calls.indexOf(store, true);
    if (index < 0) {
      return false;
    }
    calls.flags[index] |= flag;
    return true;
  }

  /** The library cache calls in progress on one thread, innermost last. */
  public static final class Calls {
    Object[] stores = new Object[4];
    LibraryCache[] owners = new LibraryCache[4];
    long[] starts = new long[4];
    int[] flags = new int[4];
    int size;
    // The last abstraction-level instance called on this thread: most calls go to the same cache
    // as the one before, and this skips its identity-table probe. The entry holds the instance
    // weakly, so nothing is kept alive.
    private InstanceTable.Entry<LibraryCache> last;

    /** The cache of {@code instance} if it is the last one entered on this thread, else null. */
    LibraryCache remembered(Object instance) {
      InstanceTable.Entry<LibraryCache> entry = last;
      return entry != null && entry.get() == instance ? entry.value() : null;
    }

    void remember(InstanceTable.Entry<LibraryCache> entry) {
      last = entry;
    }

    int indexOf(Object store, boolean outerOnly) {
      for (int i = size - 1; i >= 0; i--) {
        if (stores[i] == store && !(outerOnly && (flags[i] & OWN) != 0)) {
          return i;
        }
      }
      return -1;
    }

    void push(Object store, LibraryCache owner, long start, int flag) {
      if (size == stores.length) {
        int capacity = size * 2;
        stores = java.util.Arrays.copyOf(stores, capacity);
        owners = java.util.Arrays.copyOf(owners, capacity);
        starts = java.util.Arrays.copyOf(starts, capacity);
        flags = java.util.Arrays.copyOf(flags, capacity);
      }
      stores[size] = store;
      owners[size] = owner;
      starts[size] = start;
      flags[size] = flag;
      size++;
    }

    void pop() {
      if (size > 0) {
        size--;
        stores[size] = null;
        owners[size] = null;
      }
    }
  }
}
