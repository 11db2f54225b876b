package ai.victor.otel.core.recording;

import ai.victor.otel.core.Labels;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the values of one label (tool, provider and model, namespace...) to a fixed number of
 * distinct values; later newcomers are folded into {@link Labels#OVERFLOW}. Label values come
 * from user data, so without a cap one misbehaving caller could create unbounded series.
 *
 * <p>A value is admitted only while the label has a free slot and the shared {@link SeriesBudget}
 * can pay for the series it adds ({@code seriesPerValue}); the overflow value's series are paid
 * when the label is created, so that it always has somewhere to record.
 */
public final class BoundedValues {
  private final AtomicInteger slots;
  private final int seriesPerValue;
  private final SeriesBudget budget;
  private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();

  /** A label of at most {@code limit} values, with no series budget beyond that; for tests. */
  BoundedValues(int limit) {
    this(limit, 0, new SeriesBudget(0));
  }

  BoundedValues(int limit, int seriesPerValue, SeriesBudget budget) {
    this.slots = new AtomicInteger(limit);
    this.seriesPerValue = seriesPerValue;
    this.budget = budget;
    budget.take(seriesPerValue);
  }

  /** {@code value} itself while the cap allows, else the overflow value; null reads as unknown. */
  public String bound(String value) {
    String key = value == null ? Labels.UNKNOWN : value;
    String known = admitted.get(key);
    if (known != null) {
      return known;
    }
    if (!takeSlot()) {
      return Labels.OVERFLOW;
    }
    if (!budget.tryTake(seriesPerValue)) {
      slots.incrementAndGet();
      return Labels.OVERFLOW;
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

  int size() {
    return admitted.size();
  }
}
