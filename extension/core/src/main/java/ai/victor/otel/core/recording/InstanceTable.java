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
  /** A key (weakly) with its value; callers may keep one to skip the table next time. */
  public static final class Entry<V> extends WeakReference<Object> {
    final V value;

    Entry(Object key, V value) {
      super(key);
      this.value = value;
    }

    public V value() {
      return value;
    }
  }

  private final int maxEntries;
  private volatile Entry<V>[] table = newTable(16);

  public InstanceTable(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public V get(Object key, Function<Object, V> resolver) {
    return entry(key, resolver).value;
  }

  /**
   * The entry of {@code key}, resolved and inserted first if absent. Beyond {@code maxEntries}
   * live keys the entry is a new one each time, not in the table.
   */
  public Entry<V> entry(Object key, Function<Object, V> resolver) {
    Entry<V>[] current = table;
    int mask = current.length - 1;
    for (int i = index(key, mask); ; i = (i + 1) & mask) {
      Entry<V> entry = current[i];
      if (entry == null) {
        break;
      }
      if (entry.get() == key) {
        return entry;
      }
    }
    Entry<V> created = new Entry<V>(key, resolver.apply(key));
    return insert(key, created);
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

  /** Inserts the entry unless the key is already there; returns the key's entry either way. */
  private synchronized Entry<V> insert(Object key, Entry<V> created) {
    Entry<V>[] current = table;
    int live = 0;
    for (Entry<V> entry : current) {
      if (entry != null && entry.get() != null) {
        if (entry.get() == key) {
          return entry;
        }
        live++;
      }
    }
    if (live >= maxEntries) {
      return created;
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
    place(next, key, created);
    table = next;
    return created;
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
