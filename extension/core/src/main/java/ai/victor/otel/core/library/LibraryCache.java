package ai.victor.otel.core.library;

import ai.victor.otel.core.recording.Recorders.CacheRecorder;

/**
 * One cache of a cache library (a Caffeine cache, a Spring {@code Cache}, a JCache) as victor
 * counts it: its namespace's recorder, resolved once, and its store identity for the
 * double-counting rule of {@link LibraryCaches}.
 *
 * <p>Holds no reference to the library object it describes, so a weak table can map that object
 * to this one without keeping it alive.
 */
public final class LibraryCache {
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
   * The store whose calls this cache's calls are: this object for a store-level cache (Caffeine),
   * else the store of the wrapped native cache, or null for the described object itself.
   */
  final Object store;
  /**
   * With a native store that other caches may share (a Redis cache writer), this cache's name,
   * which tells its calls on the store from theirs; else null.
   */
  final String storeName;
  /** What reports this cache's size while it lives ({@link LibrarySizes}); kept here for that. */
  private volatile Object sizes;

  LibraryCache(CacheRecorder recorder, boolean named, Object store, String storeName) {
    this.recorder = recorder;
    this.named = named;
    this.store = store;
    this.storeName = storeName;
  }

  /** A store-level cache: its own store. */
  LibraryCache(CacheRecorder recorder) {
    this.recorder = recorder;
    this.named = false;
    this.store = this;
    this.storeName = null;
  }

  /** Keeps the size source of this cache alive as long as this cache. */
  void keep(Object sizeSource) {
    sizes = sizeSource;
  }

  /** Whether a Spring cache or JCache wraps this store. */
  boolean wrapped() {
    return wrapped;
  }

  /** The recorder, or null when this cache is not counted. */
  public CacheRecorder recorder() {
    return recorder;
  }

  /**
   * An abstraction (a Spring cache or JCache) wraps this store, before its first call on it:
   * gives this cache the abstraction's name unless it has one already.
   */
  void wrappedBy(CacheRecorder wrapperRecorder) {
    wrapped = true;
    if (!named && recorder != null) {
      recorder = wrapperRecorder;
      named = true;
    }
  }

  void disable() {
    recorder = null;
  }

  // ---- statistics the library reports itself (Caffeine's StatsCounter) ---------------------
  // A call of an outer abstraction on this store is in progress on this thread: that call counts
  // the lookup once, so these only tell it what happened (a miss, a load) instead of counting.

  public void hits(int count) {
    CacheRecorder r = recorder;
    if (r != null && !(wrapped && LibraryCaches.absorbedByOuterCall(this, 0))) {
      r.hits(count);
    }
  }

  public void misses(int count) {
    CacheRecorder r = recorder;
    if (r != null && !(wrapped && LibraryCaches.absorbedByOuterCall(this, LibraryCaches.MISSED))) {
      r.misses(count);
    }
  }

  public void load() {
    CacheRecorder r = recorder;
    if (r != null && !(wrapped && LibraryCaches.absorbedByOuterCall(this, LibraryCaches.LOADED))) {
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
