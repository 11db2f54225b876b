package ai.victor.sample.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A bounded cache that evicts the least recently used entry when full and treats an entry as absent
 * once it is older than a fixed time-to-live.
 *
 * <p>Expiry is lazy: an expired entry is only noticed, removed and reported as an eviction when
 * {@link #get} looks it up, or when it becomes the least recently used entry of a full cache. Until
 * then it still counts towards {@link #size()}, which is therefore an upper bound of the live
 * entries. This keeps every operation O(1) without a cleanup thread.
 *
 * <p>All operations are thread-safe. The {@link #evicted} hook runs after the cache's lock is
 * released, so an override may take its time or call back into the cache without stalling other
 * callers.
 *
 * @param <K> the key type; keys must not be null
 * @param <V> the value type; values must not be null, since null is how {@link #get} reports a miss
 */
public class LruTtlCache<K, V> {

  private final String namespace;
  private final int maxEntries;
  private final long ttlNanos;
  private final LongSupplier ticker;
  /** Access-ordered, so iteration starts at the least recently used entry. Guarded by {@code this}. */
  private final LinkedHashMap<K, Entry<V>> entries;

  /**
   * Creates an empty cache.
   *
   * @param namespace names this cache in diagnostics, e.g. {@code "query"}
   * @param maxEntries the capacity; inserting beyond it evicts the least recently used entry
   * @param ttl how long after its last {@link #put} an entry stays visible
   */
  public LruTtlCache(String namespace, int maxEntries, Duration ttl) {
    this(namespace, maxEntries, ttl, System::nanoTime);
  }

  /** As the public constructor, with a clock that tests can advance by hand. */
  LruTtlCache(String namespace, int maxEntries, Duration ttl, LongSupplier ticker) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
    this.entries = new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true);
  }

  /**
   * Returns the value for the key and marks it most recently used, or returns null if the key is
   * absent or its entry has expired. An expired entry is removed and reported to {@link #evicted}.
   */
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    synchronized (this) {
      Entry<V> entry = entries.get(key);
      if (entry == null) {
        return null;
      }
      if (!entry.isExpired(ticker.getAsLong())) {
        return entry.value;
      }
      entries.remove(key);
    }
    evicted(key);
    return null;
  }

  /**
   * Associates the value with the key, restarting its time-to-live and marking it most recently
   * used. If that makes the cache exceed its capacity, the least recently used entry is evicted.
   */
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    K victim = null;
    synchronized (this) {
      entries.put(key, new Entry<>(value, ticker.getAsLong() + ttlNanos));
      if (entries.size() > maxEntries) {
        Iterator<K> eldest = entries.keySet().iterator();
        victim = eldest.next();
        eldest.remove();
      }
    }
    if (victim != null) {
      evicted(victim);
    }
  }

  /**
   * Removes the key's entry, if any. This is a deliberate removal, not an eviction, so {@link
   * #evicted} is not called.
   */
  public synchronized void invalidate(K key) {
    entries.remove(Objects.requireNonNull(key, "key"));
  }

  /** Returns the number of entries held, including expired ones not yet noticed. */
  public synchronized int size() {
    return entries.size();
  }

  /** Returns the maximum number of entries. */
  public int capacity() {
    return maxEntries;
  }

  /** Returns the name given at construction. */
  public String namespace() {
    return namespace;
  }

  /**
   * Called exactly once for each entry removed because the cache was full or because the entry had
   * expired; not called for {@link #invalidate} or for a {@link #put} that replaces a value. Does
   * nothing by default: it is the single place where evictions can be observed, by a subclass or
   * by instrumentation.
   *
   * @param key the key of the evicted entry
   */
  protected void evicted(K key) {}

  private static final class Entry<V> {
    final V value;
    final long expiresAtNanos;

    Entry(V value, long expiresAtNanos) {
      this.value = value;
      this.expiresAtNanos = expiresAtNanos;
    }

    boolean isExpired(long nowNanos) {
      // Subtraction rather than comparison, because nanoTime may overflow.
      return nowNanos - expiresAtNanos >= 0;
    }
  }
}
