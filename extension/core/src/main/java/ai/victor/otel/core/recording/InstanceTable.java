package ai.victor.otel.core.recording;

import java.lang.ref.WeakReference;
import java.util.function.Function;

/**
 * Values resolved once per object, found by identity without allocating and without calling the
 * object's {@code hashCode}/{@code equals} (user code that may be slow or throw).
 *
 * <p>Reads are lock-free over an immutable open-addressing table; an insert copies it under a
 * lock, which is rare (once per new instance). Keys are weak so instrumented objects can be
 * collected. Beyond {@code maxEntries} live objects values are computed per call, which stays
 * correct and only costs time.
 */
public final class InstanceTable<V> {
  private static final class Entry<V> extends WeakReference<Object> {
    final V value;

    Entry(Object key, V value) {
      super(key);
      this.value = value;
    }
  }

  private final int maxEntries;
  private volatile Entry<V>[] table = newTable(16);

  public InstanceTable(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public V get(Object key, Function<Object, V> resolver) {
    Entry<V>[] current = table;
    int mask = current.length - 1;
    for (int i = index(key, mask); ; i = (i + 1) & mask) {
      Entry<V> entry = current[i];
      if (entry == null) {
        break;
      }
      if (entry.get() == key) {
        return entry.value;
      }
    }
    V value = resolver.apply(key);
    insert(key, value);
    return value;
  }

  /** The value resolved for {@code key}, or null when none was: resolves nothing. */
  public V peek(Object key) {
    Entry<V>[] current = table;
    int mask = current.length - 1;
    for (int i = index(key, mask); ; i = (i + 1) & mask) {
      Entry<V> entry = current[i];
      if (entry == null) {
        return null;
      }
      if (entry.get() == key) {
        return entry.value;
      }
    }
  }

  private synchronized void insert(Object key, V value) {
    Entry<V>[] current = table;
    int live = 0;
    for (Entry<V> entry : current) {
      if (entry != null && entry.get() != null) {
        if (entry.get() == key) {
          return;
        }
        live++;
      }
    }
    if (live >= maxEntries) {
      return;
    }
    int capacity = current.length;
    while (capacity < (live + 1) * 2) {
      capacity <<= 1;
    }
    Entry<V>[] next = newTable(capacity);
    for (Entry<V> entry : current) {
      if (entry != null) {
        Object referent = entry.get();
        if (referent != null) {
          place(next, referent, entry);
        }
      }
    }
    place(next, key, new Entry<V>(key, value));
    table = next;
  }

  private static <V> void place(Entry<V>[] target, Object key, Entry<V> entry) {
    int mask = target.length - 1;
    int i = index(key, mask);
    while (target[i] != null) {
      i = (i + 1) & mask;
    }
    target[i] = entry;
  }

  private static int index(Object key, int mask) {
    int h = System.identityHashCode(key);
    return (h ^ (h >>> 16)) & mask;
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int capacity) {
    return (Entry<V>[]) new Entry<?>[capacity];
  }
}
