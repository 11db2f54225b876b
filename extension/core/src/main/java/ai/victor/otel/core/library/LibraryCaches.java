package ai.victor.otel.core.library;

import ai.victor.otel.bootstrap.ThreadCalls;
import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.configured.CacheCalls;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import java.lang.ref.WeakReference;
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
 * loader asks an L2 counts both, and evictions always count, on the store that evicted. A native
 * cache that is not a library cache counted here may be shared by several Spring caches (Spring
 * Data Redis's cache writer serves every cache of a manager): its store is the native object and
 * the cache's name together, so a call on another cache of the same manager counts.
 *
 * <p>One exception, for speed: the lookups {@code get(key)} and {@code get(key, type)} of
 * Spring's {@code CaffeineCache} are Caffeine lookups its statistics record ({@code
 * getIfPresent}, a loading cache's {@code get}), so over a Caffeine cache counted here under the
 * Spring cache's name they are left to those statistics: the Spring call neither counts nor goes
 * on the thread's stack, and the Caffeine cache counts it as if called directly, without reading
 * a thread-local (a count of the Spring cache's other calls in progress on the store, which do go
 * on the stack, tells the statistics when to look). Same counts, one layer of bookkeeping
 * (docs/performance.md, issue 17). Its {@code get(key, loader)} stays a Spring-level call, so that
 * a failing loader counts nothing there, as on every Spring cache.
 *
 * <p>A cache instance of a class that a configured cache target covers is left to the configured
 * instrumentation (docs/libraries/*.md).
 *
 * <p>Hot path, no allocation, one lookup in {@code victor.otel.cache.latency-sample-every} timed:
 * a Caffeine hit or miss is a volatile read and a counter add (the thread's calls are read only
 * for a store a Spring cache or JCache wraps); a Caffeine put a thread-local read, a check of
 * the thread's last store (else a weak-map lookup) and a counter add; a Spring or JCache call a
 * thread-local read, a push and pop on this thread's calls in progress (usually none or one) and
 * a counter add; a lookup of a Spring {@code CaffeineCache} that lends its lookups, an array read
 * and a weak-reference read before the Caffeine hit or miss. Figures in docs/performance.md.
 */
public final class LibraryCaches {
  /** Flags a nested layer sets on the outer call of its store. */
  static final int MISSED = 1;
  static final int LOADED = 2;
  /** A frame of the store's own library (Caffeine timing its lookup), not an outer abstraction. */
  private static final int OWN = 4;

  private static final LibraryCache NOT_COUNTED = new LibraryCache(null, true, null, null, false);
  private static final WeakIdentityMap<Bound> INSTANCES = new WeakIdentityMap<>();
  /**
   * The bindings of abstraction-level caches that lend their lookups to their store, by identity
   * hash: such a lookup finds its cache here with one array read and one weak-reference read,
   * and returns without reading a thread-local. A racy cache in front of {@link #INSTANCES}: a
   * slot holds the last lending cache whose hash fell there (another cache in the slot, or a
   * slot not yet visible to this thread, means the general path, which refills it); entries are
   * weak in the instance, and at most {@value #LENDERS_SIZE} small bindings stay reachable.
   */
  private static final int LENDERS_SIZE = 1024;
  private static final Bound[] LENDERS = new Bound[LENDERS_SIZE];
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
    INSTANCES.putIfAbsent(instance, new Bound(instance, cache));
  }

  /**
   * The cache attached to a store-level instance, or one that counts nothing. The thread's last
   * one is remembered (weakly), which skips the instance lookup for repeated calls on one cache.
   */
  public static LibraryCache find(Object instance) {
    ThreadCalls calls = ThreadCalls.current();
    WeakReference<?> handle = calls.lastStore;
    Object last = handle == null ? null : handle.get();
    if (last instanceof Bound && ((Bound) last).get() == instance) {
      return ((Bound) last).cache;
    }
    Bound bound = INSTANCES.get(instance, calls.lookup);
    if (bound == null) {
      return NOT_COUNTED;
    }
    calls.lastStore = bound.handle;
    return bound.cache;
  }

  /**
   * The binding of an abstraction-level instance, described by {@code binder} on first use; null
   * when describing it threw (the call is skipped and the failure counted).
   */
  private static Bound bind(Object instance, Function<Object, LibraryCache> binder,
      ThreadCalls calls) {
    Bound bound = INSTANCES.get(instance, calls.lookup);
    if (bound != null) {
      return bound;
    }
    try {
      return INSTANCES.putIfAbsent(instance, new Bound(instance, binder.apply(instance)));
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
    return describe(instance, name, nativeCache, false);
  }

  /**
   * {@link #describe(Object, String, Object)}; {@code lookupsRecordedBeneath}: every lookup of
   * this abstraction is a lookup its native cache's statistics record (Spring's {@code
   * CaffeineCache}); when that store is counted here under this namespace, the abstraction's
   * lookups are left to it.
   */
  public static LibraryCache describe(Object instance, String name, Object nativeCache,
      boolean lookupsRecordedBeneath) {
    if (CacheCalls.instance().isConfigured(instance.getClass())) {
      return NOT_COUNTED;
    }
    CacheRecorder recorder = recorder(name);
    Object store = nativeCache == null ? null : storeOf(nativeCache);
    boolean lent = store instanceof LibraryCache
        && ((LibraryCache) store).wrappedBy(recorder, lookupsRecordedBeneath);
    // A native object counted nowhere else may be shared by caches of other names (a Redis cache
    // writer): such a store is the native object and this cache's name together.
    String storeName = store == null || store == instance || store instanceof LibraryCache
        ? null : name;
    return new LibraryCache(recorder, true, store == instance ? null : store, storeName, lent);
  }

  private static Object storeOf(Object nativeCache) {
    LibraryCache known = find(nativeCache);
    if (known != NOT_COUNTED) {
      return known.store == null ? nativeCache : known.store;
    }
    Object caffeine = unwrapCaffeine(nativeCache);
    if (caffeine != null) {
      LibraryCache inner = find(caffeine);
      if (inner != NOT_COUNTED) {
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
   * the call is not counted (nested in a call on the same store, or a cache not counted here,
   * or a {@code lookup} of a cache that lends its lookups to its store, whose statistics count
   * and time it); the exit then does nothing.
   */
  public static Object enter(Object self, Function<Object, LibraryCache> binder) {
    return enter(self, binder, false);
  }

  /** {@link #enter(Object, Function)} of a call that is a {@code lookup} or not. */
  public static Object enter(Object self, Function<Object, LibraryCache> binder,
      boolean lookup) {
    int slot = 0;
    if (lookup) {
      slot = System.identityHashCode(self) & (LENDERS_SIZE - 1);
      Bound lender = LENDERS[slot];
      if (lender != null && lender.get() == self) {
        return null;
      }
    }
    ThreadCalls calls = ThreadCalls.current();
    Bound bound = remembered(calls, self);
    if (bound == null) {
      bound = bind(self, binder, calls);
      if (bound == null) {
        return null;
      }
      calls.lastLibrary = bound.handle;
    }
    LibraryCache cache = bound.cache;
    if (cache.recorder() == null) {
      return null;
    }
    if (lookup && cache.lendsLookups) {
      LENDERS[slot] = bound;
      return null;
    }
    Object store = cache.store == null ? self : cache.store;
    if (indexOf(calls, store, cache.storeName, false) >= 0) {
      return null;
    }
    if (cache.lendsLookups) {
      ((LibraryCache) store).outerCallStarted();
    }
    calls.push(store, cache, start(), 0);
    return calls;
  }

  /**
   * The binding of {@code instance} if it is the last abstraction-level instance entered on this
   * thread, else null: most calls go to the same cache as the one before, and this skips its
   * instance lookup. The thread keeps a weak handle only, so nothing is kept alive.
   */
  private static Bound remembered(ThreadCalls calls, Object instance) {
    WeakReference<?> handle = calls.lastLibrary;
    Object last = handle == null ? null : handle.get();
    return last instanceof Bound && ((Bound) last).get() == instance ? (Bound) last : null;
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
    ThreadCalls calls = ThreadCalls.current();
    if (indexOf(calls, cache, null, false) >= 0) {
      return null;
    }
    calls.push(cache, cache, 0, OWN);
    return calls;
  }

  /**
   * Enter of a store's own lookup, which only times it (the store's statistics count it): outside
   * the latency sample it costs one random number, nothing else.
   */
  public static Object enterOwnLookup(Object instance) {
    if (!sampled()) {
      return null;
    }
    LibraryCache cache = find(instance);
    if (cache.recorder() == null) {
      return null;
    }
    ThreadCalls calls = ThreadCalls.current();
    if (indexOf(calls, cache, null, false) >= 0) {
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
  public static void lookupExit(Object token, int keys, int found, boolean loaded,
      Throwable thrown) {
    if (!(token instanceof ThreadCalls)) {
      return;
    }
    ThreadCalls calls = (ThreadCalls) token;
    int top = calls.top();
    if (top < 0 || !(calls.owners[top] instanceof LibraryCache)) {
      return;
    }
    LibraryCache cache = (LibraryCache) calls.owners[top];
    int flags = calls.flags[top];
    long start = calls.pop(0);
    ended(cache);
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
    } else if (token instanceof ThreadCalls) {
      ThreadCalls calls = (ThreadCalls) token;
      int top = calls.top();
      if (top < 0 || !(calls.owners[top] instanceof LibraryCache)) {
        return null;
      }
      cache = (LibraryCache) calls.owners[top];
      calls.pop(0);
      ended(cache);
    } else {
      return null;
    }
    return thrown == null ? cache.recorder() : null;
  }

  /** A popped call of a cache that lends its lookups to its store: tells the store it ended. */
  private static void ended(LibraryCache cache) {
    if (cache.lendsLookups) {
      ((LibraryCache) cache.store).outerCallEnded();
    }
  }

  /**
   * Whether an outer call on this store is in progress on this thread; if so it is told {@code
   * flag} and the caller must not count.
   */
  static boolean absorbedByOuterCall(LibraryCache store, int flag) {
    ThreadCalls calls = ThreadCalls.current();
    if (calls.size == 0) {
      return false;
    }
    int index = indexOf(calls, store, null, true);
    if (index < 0) {
      return false;
    }
    calls.flags[index] |= flag;
    return true;
  }

  /**
   * The innermost library call on {@code store} (with that store name) in progress on this
   * thread, or -1; {@code outerOnly} skips the store's own frames.
   */
  private static int indexOf(ThreadCalls calls, Object store, String storeName,
      boolean outerOnly) {
    Object[] keys = calls.keys;
    int[] flags = calls.flags;
    for (int i = calls.size - 1; i >= 0; i--) {
      if (keys[i] == store
          && !(outerOnly && (flags[i] & OWN) != 0)
          && (storeName == null || sameName(calls.owners[i], storeName))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameName(Object owner, String storeName) {
    return owner instanceof LibraryCache
        && storeName.equals(((LibraryCache) owner).storeName);
  }

  /**
   * A library object and its cache, held by {@link #INSTANCES} while the object lives; the
   * object itself only weakly.
   */
  static final class Bound extends WeakReference<Object> {
    final LibraryCache cache;
    /** What a thread remembers of its last instance: weak, made once. */
    final WeakReference<Bound> handle = new WeakReference<>(this);

    Bound(Object instance, LibraryCache cache) {
      super(instance);
      this.cache = cache;
    }
  }
}
