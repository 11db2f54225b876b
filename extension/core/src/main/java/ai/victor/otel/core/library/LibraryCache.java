package ai.victor.otel.core.library;

import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One cache of a cache library (a Caffeine cache, a Spring {@code Cache}, a JCache) as victor
 * counts it: its namespace's recorder, resolved once, and its store identity for the
 * double-counting rule of {@link LibraryCaches}.
 *
 * <p>Holds no reference to the library object it describes, so a weak table can map that object
 * to this one without keeping it alive.
 */
public final class LibraryCache {
  private static final AtomicIntegerFieldUpdater<LibraryCache> OUTER_CALLS =
      AtomicIntegerFieldUpdater.newUpdater(LibraryCache.class, "outerCalls");

  /** Null when the cache is not counted here (a configured target covers it). */
  private volatile CacheRecorder recorder;
  /** The namespace came from a wrapping abstraction's name, which a derived name must not undo. */
  private volatile boolean named;
  /**
   * A Spring cache or JCache wraps this store, so an outer call on it may be in progress on the
   * calling thread. Only then do its statistics look at the thread's calls: a store nobody wraps
   * (most Caffeine caches) counts a hit without reading a thread-local.
   */
  private volatile boolean wrapped;
  /**
   * Calls of a wrapper that leaves its lookups to this store's statistics (Spring's {@code
   * CaffeineCache}) in progress on this store, on any thread: its puts, evictions and {@code
   * putIfAbsent}, which are on the calling thread's stack. While none is, a hit or miss is
   * counted without reading a thread-local; a non-zero value only sends the statistics to the
   * thread's stack, which tells exactly whether the calling thread is inside such a call.
   */
  private volatile int outerCalls;
  /**
   * The store whose calls this cache's calls are: this object for a store-level cache (Caffeine),
   * else the store of the wrapped native cache, or null for the described object itself.
   */
  final Object store;
  /**
   * With a native store that other caches may share (a Redis cache writer), this cache's name,
   * which tells its calls on the store from theirs; else null.
   */
  final String storeName;
  /**
   * An abstraction-level cache whose lookups its store's statistics count, exactly and under this
   * cache's namespace (Spring's {@code CaffeineCache} over a counted Caffeine cache: every lookup
   * of it is a recorded Caffeine lookup): its lookups are neither counted nor put on the
   * thread's stack here, and its store's hits and misses skip the thread-local (see {@link
   * LibraryCaches}).
   */
  final boolean lendsLookups;
  /** What reports this cache's size while it lives ({@link LibrarySizes}); kept here for that. */
  private volatile Object sizes;

  LibraryCache(CacheRecorder recorder, boolean named, Object store, String storeName,
      boolean lendsLookups) {
    this.recorder = recorder;
    this.named = named;
    this.store = store;
    this.storeName = storeName;
    this.lendsLookups = lendsLookups;
  }

  /** A store-level cache: its own store. */
  LibraryCache(CacheRecorder recorder) {
    this.recorder = recorder;
    this.named = false;
    this.store = this;
    this.storeName = null;
    this.lendsLookups = false;
  }

  /** Keeps the size source of this cache alive as long as this cache. */
  void keep(Object sizeSource) {
    sizes = sizeSource;
  }

  /**
   * Whether a call of a Spring cache or JCache on this store may be in progress on the calling
   * thread (then the thread's stack says whether it is).
   */
  boolean wrapped() {
    return wrapped || outerCalls != 0;
  }

  /**
   * For a wrapper whose lookups this store's statistics count ({@link #lendsLookups}): a call of
   * it that is not a lookup starts on this store, or ends.
   */
  void outerCallStarted() {
    OUTER_CALLS.incrementAndGet(this);
  }

  void outerCallEnded() {
    OUTER_CALLS.decrementAndGet(this);
  }

  /** The recorder, or null when this cache is not counted. */
  public CacheRecorder recorder() {
    return recorder;
  }

  /**
   * An abstraction (a Spring cache or JCache) wraps this store, before its first call on it:
   * gives this cache the abstraction's name unless it has one already. With {@code
   * mayLendLookups} the abstraction offers to leave its lookups to this store's statistics; they
   * are lent (true) when they count under the abstraction's namespace, and the abstraction then
   * tells this store of its other calls ({@link #outerCallStarted}). Else this store is wrapped:
   * its statistics always ask the thread's stack whether an outer call counts instead.
   */
  boolean wrappedBy(CacheRecorder wrapperRecorder, boolean mayLendLookups) {
    if (!named && recorder != null) {
      recorder = wrapperRecorder;
      named = true;
    }
    boolean lent = mayLendLookups && recorder != null && recorder == wrapperRecorder;
    if (!lent) {
      wrapped = true;
    }
    return lent;
  }

  void disable() {
    recorder = null;
  }

  // ---- statistics the library reports itself (Caffeine's StatsCounter) ---------------------
  // A call of an outer abstraction on this store is in progress on this thread: that call counts
  // the lookup once, so these only tell it what happened (a miss, a load) instead of counting.

  public void hits(int count) {
    CacheRecorder r = recorder;
    if (r != null && !(wrapped() && LibraryCaches.absorbedByOuterCall(this, 0))) {
      r.hits(count);
    }
  }

  public void misses(int count) {
    CacheRecorder r = recorder;
    if (r != null
        && !(wrapped() && LibraryCaches.absorbedByOuterCall(this, LibraryCaches.MISSED))) {
      r.misses(count);
    }
  }

  public void load() {
    CacheRecorder r = recorder;
    if (r != null
        && !(wrapped() && LibraryCaches.absorbedByOuterCall(this, LibraryCaches.LOADED))) {
      r.load();
    }
  }

  /**
   * An eviction, with one of the {@code CacheRecorder.CAUSE_} constants or -1 when unknown.
   * Never absorbed: no outer abstraction counts evictions, and they often happen on the
   * library's maintenance thread anyway.
   */
  public void eviction(int cause) {
    CacheRecorder r = recorder;
    if (r != null) {
      if (cause < 0) {
        r.eviction();
      } else {
        r.eviction(cause);
      }
    }
  }
}
