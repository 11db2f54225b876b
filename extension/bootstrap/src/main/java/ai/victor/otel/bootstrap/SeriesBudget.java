package ai.victor.otel.bootstrap;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of metric series the extension may still create, shared by every capped label of one
 * core's {@code Telemetry}. A per-label cap alone does not bound the series: a label's values multiply
 * with the closed labels beside it (5 cache operations, 6 GenAI outcomes...) and with the derived
 * metrics that follow each value, so with 32 values per label one attacked label could make 192
 * series in one instrument and three attacked labels about a thousand in all. Each capped label
 * therefore admits a value only while its widest instrument stays within {@link #PER_INSTRUMENT}
 * series and this budget can pay for every series the value adds, so whatever the input the
 * extension stays within {@link #TOTAL} series, well below the SDK's 2000 per instrument.
 *
 * <p>One budget serves the whole JVM ({@link JvmState}): an application server whose webapps load
 * instrumented classes from several class loaders shares it between them.
 */
public final class SeriesBudget {
  /** The most series one instrument may have, its overflow series included. */
  public static final int PER_INSTRUMENT = 100;
  /**
   * The most series the extension may export, derived metrics included. A provider/model pair
   * costs 35 (tokens by kind, cost, time to first chunk, rate limits...) and a (pair, tenant)
   * 11 more when tenants are on: 1000 keeps the per-instrument caps the binding limit for one
   * attacked label, and half the SDK's 2000 per instrument.
   */
  public static final int TOTAL = 1000;
  /**
   * Series that exist whatever the input: self failures (5 roles), system (4), startup (2),
   * health score and its 7 components (8), the "overall" ratios and the selection miss rate and
   * tool-count histogram (5), rounded up.
   */
  public static final int FIXED = 30;

  private final AtomicInteger remaining;

  public SeriesBudget(int total) {
    this.remaining = new AtomicInteger(total);
  }

  /** Takes {@code series} from the budget if it has that many left. */
  public boolean tryTake(int series) {
    while (true) {
      int left = remaining.get();
      if (left < series) {
        return false;
      }
      if (remaining.compareAndSet(left, left - series)) {
        return true;
      }
    }
  }

  /** Takes {@code series} whatever is left: for the overflow series, which must always exist. */
  public void take(int series) {
    remaining.addAndGet(-series);
  }

  public void giveBack(int series) {
    remaining.addAndGet(series);
  }

  public int remaining() {
    return remaining.get();
  }
}
