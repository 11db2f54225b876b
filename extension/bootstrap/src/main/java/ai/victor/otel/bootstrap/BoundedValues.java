package ai.victor.otel.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the values of one label (tool, provider and model, namespace...) to a fixed number of
 * distinct values; later newcomers are folded into {@link #OVERFLOW}. Label values come
 * from user data, so without a cap one misbehaving caller could create unbounded series.
 * One instance per label family serves the whole JVM ({@link JvmState#label}), so that several
 * application class loaders share the cap instead of each getting its own.
 *
 * <p>A value is admitted only while the label has a free slot and the shared {@link SeriesBudget}
 * can pay for the series it adds ({@code seriesPerValue}); the overflow value's series are paid
 * when the label is created, so that it always has somewhere to record.
 */
public final class BoundedValues {
  /** The value later newcomers are folded into (core's {@code OVERFLOW}). */
  public static final String OVERFLOW = "_other";
  /** What a null value reads as (core's {@code UNKNOWN}). */
  public static final String UNKNOWN = "unknown";

  private final AtomicInteger slots;
  private final int seriesPerValue;
  private final SeriesBudget budget;
  private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();

  /** A label of at most {@code limit} values, with no series budget beyond that; for tests. */
  public BoundedValues(int limit) {
    this(limit, 0, new SeriesBudget(0));
  }

  public BoundedValues(int limit, int seriesPerValue, SeriesBudget budget) {
    this.slots = new AtomicInteger(limit);
    this.seriesPerValue = seriesPerValue;
    this.budget = budget;
    budget.take(seriesPerValue);
  }

  /** {@code value} itself while the cap allows, else the overflow value; null reads as unknown. */
  public String bound(String value) {
    String key = value == null ? UNKNOWN : value;
    String known = admitted.get(key);
    if (known != null) {
      return known;
    }
    if (!takeSlot()) {
      return OVERFLOW;
    }
    if (!budget.tryTake(seriesPerValue)) {
      slots.incrementAndGet();
      return OVERFLOW;
    }
    String previous = admitted.putIfAbsent(key, key);
    if (previous != null) { // another thread admitted it meanwhile: return what we took
      slots.incrementAndGet();
      budget.giveBack(seriesPerValue);
      return previous;
    }
    return key;
  }

  private boolean takeSlot() {
    while (true) {
      int left = slots.get();
      if (left <= 0) {
        return false;
      }
      if (slots.compareAndSet(left, left - 1)) {
        return true;
      }
    }
  }

  public int size() {
    return admitted.size();
  }
}
