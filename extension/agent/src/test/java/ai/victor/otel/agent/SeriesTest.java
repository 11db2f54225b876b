package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {

  /** Bucket counts as Series stores them: [total, bucket0, ..., +Inf]. */
  private static double[] value(double... buckets) {
    double[] value = new double[buckets.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      value[i + 1] = buckets[i];
      value[0] += buckets[i];
    }
    return value;
  }

  // Expected values below are what PromQL's histogram_quantile returns for the same buckets:
  // rank = q * total; the first bucket whose cumulative count reaches the rank; linear
  // interpolation inside it from its lower bound (0 for the first bucket); the +Inf bucket
  // returns the highest finite bound.

  @Test
  void interpolatesInsideTheBucketThatHoldsTheRank() {
    List<Double> bounds = List.of(1.0, 2.0, 4.0);
    double[] value = value(10, 20, 30, 40); // cumulative 10, 30, 60, 100
    assertThat(Series.quantile(0.05, bounds, value)).isCloseTo(0.5, within(1e-9));
    assertThat(Series.quantile(0.1, bounds, value)).isCloseTo(1.0, within(1e-9));
    assertThat(Series.quantile(0.2, bounds, value)).isCloseTo(1.5, within(1e-9));
    assertThat(Series.quantile(0.5, bounds, value)).isCloseTo(2 + 2 * 20 / 30.0, within(1e-9));
    assertThat(Series.quantile(0.6, bounds, value)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void theInfBucketReturnsTheHighestFiniteBound() {
    List<Double> bounds = List.of(1.0, 2.0, 4.0);
    assertThat(Series.quantile(0.95, bounds, value(10, 20, 30, 40))).isEqualTo(4.0);
    assertThat(Series.quantile(0.5, List.of(1.0, 2.0), value(0, 0, 5))).isEqualTo(2.0);
    assertThat(Series.quantile(0.99, List.of(5.0, 10.0), value(1, 0, 99))).isEqualTo(10.0);
  }

  @Test
  void emptyBucketsAreSkipped() {
    List<Double> bounds = List.of(1.0, 2.0, 4.0, 8.0);
    double[] value = value(0, 4, 0, 4, 0); // cumulative 0, 4, 4, 8, 8
    assertThat(Series.quantile(0.25, bounds, value)).isCloseTo(1.5, within(1e-9));
    assertThat(Series.quantile(0.5, bounds, value)).isCloseTo(2.0, within(1e-9));
    assertThat(Series.quantile(0.75, bounds, value)).isCloseTo(6.0, within(1e-9));
    assertThat(Series.quantile(1.0, bounds, value)).isCloseTo(8.0, within(1e-9));
  }

  @Test
  void p95OfTheCatalogsToolDurationBuckets() {
    // 90 executions of <= 100 ms, 10 between 1 s and 2.5 s: P95 is half-way into (1000, 2500].
    List<Double> bounds = ai.victor.otel.core.Metric.TOOL_DURATION.buckets();
    double[] buckets = new double[bounds.size() + 1];
    buckets[bounds.indexOf(100.0)] = 90;
    buckets[bounds.indexOf(2500.0)] = 10;
    assertThat(Series.quantile(0.95, bounds, value(buckets))).isCloseTo(1750.0, within(1e-9));
  }

  @Test
  void noDataIsNaN() {
    assertThat(Series.quantile(0.95, List.of(1.0), value(0, 0))).isNaN();
    assertThat(Series.quantile(0.95, null, value(1, 1))).isNaN();
  }

  @Test
  void cumulativeValuesAreDiffedOverTheWindow() {
    Series series = new Series(10);
    series.update("k", new double[] {5}, 0, 0, false);
    assertThat(series.windowed("k", 0)).containsExactly(5); // younger than the window: all
    series.update("k", new double[] {8}, 0, 20, false);
    assertThat(series.windowed("k", 20)).containsExactly(3);
    series.update("k", new double[] {8}, 0, 40, false);
    assertThat(series.windowed("k", 40)).containsExactly(0);
    assertThat(series.total("k")).containsExactly(8);
    assertThat(series.windowed("unknown", 40)).isNull();
    assertThat(series.total("unknown")).isNull();
  }

  @Test
  void deltaValuesAreAccumulated() {
    Series series = new Series(10);
    series.update("k", new double[] {5, 1, 4}, 0, 0, true);
    series.update("k", new double[] {3, 3, 0}, 0, 20, true);
    assertThat(series.total("k")).containsExactly(8, 4, 4);
    assertThat(series.windowed("k", 20)).containsExactly(3, 3, 0);
  }

  @Test
  void aSeriesFirstSeenInsideTheWindowKeepsWhatItCountedBeforeItsFirstCollection() {
    Series series = new Series(10);
    // Counting since t=98, 3 counted before the first collection at t=100.
    series.update("k", new double[] {3}, 98, 100, false);
    series.update("k", new double[] {9}, 98, 105, false);
    assertThat(series.windowed("k", 105)).containsExactly(9);
    series.update("k", new double[] {10}, 98, 115, false); // the window is now (105, 115]
    assertThat(series.windowed("k", 115)).containsExactly(1); // 10 minus 9 at t=105
  }

  @Test
  void theBaselineIsTheNewestSampleAtOrBeforeTheWindowStart() {
    Series series = new Series(10);
    for (int t = 0; t <= 20; t += 5) {
      series.update("k", new double[] {t / 5}, 0, t, false); // 0, 1, 2, 3, 4
    }
    // The window (10, 20]: 4 now minus 2 at t=10.
    assertThat(series.windowed("k", 20)).containsExactly(2);
  }

  @Test
  void histogramValueIsTheCountFollowedByTheBucketCounts() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
        .build()) {
      DoubleHistogram histogram = provider.get("test").histogramBuilder("h")
          .setExplicitBucketBoundariesAdvice(List.of(1.0, 10.0)).build();
      histogram.record(0.5, Attributes.empty());
      histogram.record(5, Attributes.empty());
      histogram.record(7, Attributes.empty());
      histogram.record(50, Attributes.empty());
      MetricData metric = reader.collectAllMetrics().iterator().next();
      HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
      assertThat(Series.histogramValue(point)).containsExactly(4, 1, 2, 1);
      assertThat(Series.isDelta(metric)).isFalse();
    }
  }
}
