package ai.victor.otel.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Values resolved once per object: keys are held weakly and found by identity, never through the
 * object's own {@code hashCode}/{@code equals} (user code that may be slow or throw). Lock-free:
 * a {@link ConcurrentHashMap} of weak keys, so a new key costs one insert, not a copy of the
 * table, and needs no lock of ours. Keys whose objects were collected are dropped at the next
 * insert, and a table that has emptied to an eighth of its peak is rebuilt smaller, so the map
 * shrinks back after a burst of short-lived objects.
 *
 * <p>A lookup allocates nothing: it uses the calling thread's {@link Lookup} key (one per thread,
 * in {@link ThreadCalls}). Resolving a value runs outside any lock; when two threads resolve the
 * same key at once, one value wins and both get it, so {@link #computeIfAbsent} tells its caller
 * whether its value was the one stored, and side effects belong to the winner only.
 */
public final class WeakIdentityMap<V> {
  private static final int SHRINK_BELOW = 1024;

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  /** Held by the one thread dropping collected keys; the others skip it rather than wait. */
  private final AtomicBoolean expunging = new AtomicBoolean();
  private final AtomicInteger size = new AtomicInteger();
  private volatile int peak;
  private volatile ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();

  /** The value of {@code key}, or null. */
  public V get(Object key) {
    return get(key, ThreadCalls.current().lookup);
  }

  /** The value of {@code key}, or null, looked up with the caller's thread's lookup key. */
  public V get(Object key, Lookup lookup) {
    lookup.key = key;
    lookup.hash = System.identityHashCode(key);
    try {
      return map.get(lookup);
    } finally {
      lookup.key = null;
    }
  }

  /**
   * The value of {@code key}, resolved and stored first if absent. {@code resolver} runs without
   * any lock held and may run in two threads at once for one key; only one result is stored and
   * returned to both.
   */
  public V computeIfAbsent(Object key, Function<Object, ? extends V> resolver) {
    V value = get(key);
    return value != null ? value : putIfAbsent(key, resolver.apply(key));
  }

  /**
   * Stores {@code value} for {@code key} unless the key has one already; returns the key's value
   * either way, so the caller's value was stored exactly when the result is that same object.
   */
  public V putIfAbsent(Object key, V value) {
    expunge();
    WeakKey weak = new WeakKey(key, collected);
    while (true) {
      ConcurrentHashMap<Object, V> current = map;
      V previous = current.putIfAbsent(weak, value);
      if (previous != null) {
        value = previous;
      }
      if (map == current) {
        if (previous == null && size.incrementAndGet() > peak) {
          peak = size.get();
        }
        return value;
      }
      // A rebuild replaced the table meanwhile and may not have copied this entry: store the
      // key's value in the new one too (where another thread's value may already be).
    }
  }

  /** Removes {@code key}'s value and returns it; null when it had none. */
  public V remove(Object key) {
    Lookup lookup = ThreadCalls.current().lookup;
    lookup.key = key;
    lookup.hash = System.identityHashCode(key);
    try {
      V removed = map.remove(lookup);
      if (removed != null) {
        size.decrementAndGet();
      }
      return removed;
    } finally {
      lookup.key = null;
    }
  }

  /** The number of live keys, approximately (collected ones count until dropped). */
  public int size() {
    return map.size();
  }

  /**
   * Drops collected keys, and rebuilds the table smaller when it holds an eighth of its peak. One
   * thread at a time: the queue's poll takes a lock when it has entries, and a thread that finds
   * another one at it goes on with its insert instead of queueing behind it.
   */
  private void expunge() {
    if (!expunging.compareAndSet(false, true)) {
      return;
    }
    try {
      Reference<?> gone = collected.poll();
      if (gone == null) {
        return;
      }
      ConcurrentHashMap<Object, V> current = map;
      for (; gone != null; gone = collected.poll()) {
        if (current.remove(gone) != null) {
          size.decrementAndGet();
        }
      }
      int live = size.get();
      if (peak >= SHRINK_BELOW && live < peak / 8) {
        ConcurrentHashMap<Object, V> smaller = new ConcurrentHashMap<>(Math.max(16, live * 2));
        for (Map.Entry<Object, V> entry : current.entrySet()) {
          if (((WeakKey) entry.getKey()).get() != null) {
            smaller.put(entry.getKey(), entry.getValue());
          }
        }
        map = smaller;
        // Entries stored in the old table while copying: copy them over too.
        for (Map.Entry<Object, V> entry : current.entrySet()) {
          if (((WeakKey) entry.getKey()).get() != null) {
            smaller.putIfAbsent(entry.getKey(), entry.getValue());
          }
        }
        size.set(smaller.size());
        peak = smaller.size();
      }
    } finally {
      expunging.set(false);
    }
  }

  /** A weak key: equal to the keys and lookups of the same object, hashed by identity. */
  static final class WeakKey extends WeakReference<Object> {
    private final int hash;

    WeakKey(Object key, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object referent = get();
      if (referent == null) {
        return false;
      }
      if (other instanceof WeakKey) {
        return ((WeakKey) other).get() == referent;
      }
      return other instanceof Lookup && ((Lookup) other).key == referent;
    }
  }

  /** A reusable key for lookups without allocation; each thread has its own. */
  public static final class Lookup {
    Object key;
    int hash;

    Lookup() {}

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey && ((WeakKey) other).get() == key && key != null;
    }
  }
}
