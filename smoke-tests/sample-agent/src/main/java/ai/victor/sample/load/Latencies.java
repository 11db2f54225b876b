package ai.victor.sample.load;

import java.util.Arrays;

/** Percentiles of request latencies, in microseconds, by the nearest-rank method. */
public record Latencies(long p50Micros, long p95Micros, long p99Micros) {

  /** Sorts {@code nanos} in place; all zero for none. */
  public static Latencies of(long[] nanos, int count) {
    if (count == 0) {
      return new Latencies(0, 0, 0);
    }
    Arrays.sort(nanos, 0, count);
    return new Latencies(rank(nanos, count, 0.50), rank(nanos, count, 0.95),
        rank(nanos, count, 0.99));
  }

  private static long rank(long[] sorted, int count, double quantile) {
    int index = (int) Math.ceil(quantile * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, index))] / 1_000;
  }
}
