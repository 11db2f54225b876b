package ai.victor.otel.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The cache operations of every namespace, counted for the whole JVM: hits, misses, loads, puts,
 * evictions (by cause where the library tells it) and invalidations. Every copy of core adds to
 * the same {@link Counts} of a namespace, and one asynchronous counter, registered once, reads
 * them all at each collection as {@code victor.cache.operations}.
 *
 * <p>Why not the SDK's synchronous counter: a cache call is the hottest path the extension has,
 * and the SDK's {@code add} looks its aggregator up by attributes in a hash map on every call
 * (about 10 ns of a lookup's ~20, docs/performance.md). A {@link LongAdder} add is one
 * compare-and-set on an uncontended cell, and striped cells under contention; the series, their
 * attributes and their counts are the same, read at collection instead of aggregated per call.
 * The sums are exact: every add lands in a cell, and a collection sums every cell (an add racing
 * a collection is in that collection or the next, never lost, and a total never goes down).
 *
 * <p>Namespaces are bounded before they get here (the JVM's namespace cap), so this map stays
 * small; like the SDK's series, a namespace's counts live as long as the JVM. JDK types only,
 * so it keeps no application class loader alive.
 */
public final class CacheCounts {
  public static final int HIT = 0;
  public static final int MISS = 1;
  public static final int LOAD = 2;
  public static final int PUT = 3;
  public static final int EVICTION = 4;
  public static final int EVICTION_SIZE = 5;
  public static final int EVICTION_EXPIRED = 6;
  public static final int EVICTION_COLLECTED = 7;
  public static final int INVALIDATION = 8;
  /** The number of kinds above. */
  public static final int KINDS = 9;

  private final ConcurrentHashMap<String, Counts> namespaces = new ConcurrentHashMap<>();
  private final AtomicBoolean reported = new AtomicBoolean();

  /** The counts of a (bounded) namespace, made on first use. */
  public Counts of(String namespace) {
    Counts counts = namespaces.get(namespace);
    return counts != null ? counts : namespaces.computeIfAbsent(namespace, Counts::new);
  }

  /** Every namespace's counts; for the counter's callback. */
  public void forEach(Consumer<Counts> action) {
    namespaces.values().forEach(action);
  }

  /**
   * True for the first caller only: the one that registers the counter reading these counts. A
   * second callback reporting the same series would not add up; the SDK would keep one of them.
   */
  public boolean claimReporting() {
    return reported.compareAndSet(false, true);
  }

  /** One namespace's operations, one striped adder per kind. */
  public static final class Counts {
    private final String namespace;
    private final LongAdder[] kinds = new LongAdder[KINDS];

    Counts(String namespace) {
      this.namespace = namespace;
      for (int i = 0; i < KINDS; i++) {
        kinds[i] = new LongAdder();
      }
    }

    public String namespace() {
      return namespace;
    }

    /** Adds {@code count} operations of a kind (one of the constants above). */
    public void add(int kind, long count) {
      kinds[kind].add(count);
    }

    /** The operations of a kind so far. */
    public long sum(int kind) {
      return kinds[kind].sum();
    }
  }
}
