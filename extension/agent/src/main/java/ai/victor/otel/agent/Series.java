package ai.victor.otel.agent;

import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Cumulative values of the series the derivations read, with enough history to tell what changed
 * over the derivation window. Delta points are accumulated, so the window works whatever
 * temporality the reader asked for.
 *
 * <p>A value is a vector: {@code [count]} for a counter, {@code [count, bucket0, bucket1, ...]}
 * for a histogram.
 */
final class Series {
  private static final class Sample {
    final long epochNanos;
    final double[] value;

    Sample(long epochNanos, double[] value) {
      this.epochNanos = epochNanos;
      this.value = value;
    }
  }

  private final long windowNanos;
  private final Map<String, double[]> cumulative = new HashMap<>();
  private final Map<String, Deque<Sample>> history = new HashMap<>();
  /** When each series started counting: the start time of its first point. */
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, List<Double>> bounds = new HashMap<>();

  Series(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Takes in one collected point's value, counted from {@code startEpochNanos}. */
  void update(String key, double[] value, long startEpochNanos, long epochNanos, boolean delta) {
    started.putIfAbsent(key, startEpochNanos);
    double[] total = cumulative.get(key);
    if (total == null || total.length != value.length) {
      total = new double[value.length];
      cumulative.put(key, total);
    }
    for (int i = 0; i < value.length; i++) {
      total[i] = delta ? total[i] + value[i] : value[i];
    }
    Deque<Sample> samples = history.get(key);
    if (samples == null) {
      samples = new ArrayDeque<>();
      history.put(key, samples);
    }
    samples.addLast(new Sample(epochNanos, total.clone()));
    // Keep one sample at or before the window's start as the baseline, drop older ones.
    while (samples.size() > 1) {
      Iterator<Sample> oldest = samples.iterator();
      oldest.next();
      if (oldest.next().epochNanos <= epochNanos - windowNanos) {
        samples.removeFirst();
      } else {
        break;
      }
    }
  }

  void bounds(String key, List<Double> histogramBounds) {
    bounds.put(key, histogramBounds);
  }

  List<Double> bounds(String key) {
    return bounds.get(key);
  }

  /** The cumulative value, or null when the series was never seen. */
  double[] total(String key) {
    return cumulative.get(key);
  }

  /**
   * What the series gained over the window: latest minus the newest sample at or before the
   * window's start. When collections are further apart than the window, that is the previous
   * collection. A series that started counting inside the window (in a process younger than the
   * window, say) gained everything it holds, what it counted before its first collection
   * included; with a single sample, everything since start.
   */
  double[] windowed(String key, long nowNanos) {
    Deque<Sample> samples = history.get(key);
    if (samples == null || samples.isEmpty()) {
      return null;
    }
    double[] latest = samples.getLast().value;
    Sample first = samples.getFirst();
    long windowStart = nowNanos - windowNanos;
    if (samples.size() == 1
        || (first.epochNanos > windowStart && started.get(key) >= windowStart)) {
      return latest.clone();
    }
    double[] base = first.value;
    double[] result = new double[latest.length];
    for (int i = 0; i < latest.length; i++) {
      result[i] = latest[i] - (i < base.length ? base[i] : 0);
    }
    return result;
  }

  static boolean isDelta(MetricData metric) {
    if (metric.getType() == MetricDataType.LONG_SUM) {
      return metric.getLongSumData().getAggregationTemporality() == AggregationTemporality.DELTA;
    }
    if (metric.getType() == MetricDataType.HISTOGRAM) {
      return metric.getHistogramData().getAggregationTemporality() == AggregationTemporality.DELTA;
    }
    return false;
  }

  static double[] counterValue(LongPointData point) {
    return new double[] {point.getValue()};
  }

  static double[] histogramValue(HistogramPointData point) {
    List<Long> counts = point.getCounts();
    double[] value = new double[counts.size() + 1];
    value[0] = point.getCount();
    for (int i = 0; i < counts.size(); i++) {
      value[i + 1] = counts.get(i);
    }
    return value;
  }

  /** The q-quantile of a histogram's bucket counts, interpolated as PromQL's does. */
  static double quantile(double q, List<Double> bounds, double[] value) {
    double total = value[0];
    if (total <= 0 || bounds == null) {
      return Double.NaN;
    }
    double rank = q * total;
    double seen = 0;
    for (int i = 1; i < value.length; i++) {
      double count = value[i];
      if (seen + count >= rank && count > 0) {
        int bucket = i - 1;
        if (bucket >= bounds.size()) {
          return bounds.isEmpty() ? Double.NaN : bounds.get(bounds.size() - 1);
        }
        double lower = bucket == 0 ? 0 : bounds.get(bucket - 1);
        double upper = bounds.get(bucket);
        return lower + (upper - lower) * (rank - seen) / count;
      }
      seen += count;
    }
    return bounds.isEmpty() ? Double.NaN : bounds.get(bounds.size() - 1);
  }
}
