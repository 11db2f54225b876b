package ai.victor.otel.agent;

import ai.victor.otel.agent.endpoint.SnapshotReader;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes the {@link Metric.Source#DERIVED DERIVED} catalog series from one collection's own
 * data: counters that are counts of recorded histograms or slices of the operations counter,
 * ratios over the derivation window, and the health score.
 *
 * <p>Deriving from the collected data, rather than keeping counts beside the instruments, means
 * the ratios agree exactly with the exported counters, costs nothing on the recording path, and
 * works across class loaders: advice helpers in each application class loader have their own
 * static state, but all record into the same SDK, whose output is read here.
 *
 * <p>One instance per metric reader: each reader has its own collection cadence and temporality.
 */
final class DerivedMetrics {
  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder(Telemetry.SCOPE).setVersion(Telemetry.VERSION).build();
  /** The collected series the derivations read; only these need delta padding. */
  private static final Set<String> INPUTS = new HashSet<>(Arrays.asList(
      Metric.CACHE_OPERATIONS.otelName(), Metric.SELECTION_LATENCY.otelName(),
      Metric.PROVIDER_LATENCY.otelName(), Metric.PROVIDER_ERRORS.otelName(),
      Metric.TOOL_DURATION.otelName()));
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(Labels.NAMESPACE);
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey(Labels.OPERATION);
  private static final AttributeKey<String> CAUSE = AttributeKey.stringKey(Labels.CAUSE);
  private static final AttributeKey<String> CACHE_TYPE = AttributeKey.stringKey(Labels.CACHE_TYPE);
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey(Labels.RESULT);
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey(Labels.PROVIDER);
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey(Labels.TOOL);
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey(Labels.STATUS);
  private static final AttributeKey<String> COMPONENT = AttributeKey.stringKey(Labels.COMPONENT);

  private final Series series;
  private final HealthScore health;
  private long lastNanos;
  private Resource lastResource;
  /** Delta input: every series seen so far, per metric, with its histogram bounds (or null). */
  private final Map<String, Map<Attributes, List<Double>>> deltaSeries = new HashMap<>();
  /** The inputs of the latest derivation, for the endpoint's checks (same values as the score). */
  private volatile Map<String, Double> lastInputs = Collections.emptyMap();

  DerivedMetrics(long windowNanos, HealthScore health) {
    this.series = new Series(windowNanos);
    this.health = health;
  }

  /** The derived metrics for one collection; never null. */
  synchronized List<MetricData> derive(Collection<MetricData> collected) {
    Map<String, MetricData> byName = new HashMap<>();
    Resource resource = null;
    for (MetricData metric : collected) {
      if (Telemetry.SCOPE.equals(metric.getInstrumentationScopeInfo().getName())) {
        byName.put(metric.getName(), metric);
        resource = metric.getResource();
      }
    }
    if (resource == null) {
      // With delta temporality a quiet interval collects nothing of ours; derive all the same.
      if (deltaSeries.isEmpty()) {
        return Collections.emptyList();
      }
      resource = lastResource;
    }
    lastResource = resource;
    long now = lastNanos;
    for (MetricData metric : byName.values()) {
      for (PointData point : metric.getData().getPoints()) {
        now = Math.max(now, point.getEpochNanos());
      }
    }
    lastNanos = now;
    addQuietDeltaSeries(byName, resource, now);

    Output out = new Output(resource, now);
    Map<String, Double> inputs = new HashMap<>();
    cache(byName.get(Metric.CACHE_OPERATIONS.otelName()), out, inputs);
    selection(byName.get(Metric.SELECTION_LATENCY.otelName()), out, inputs);
    provider(byName.get(Metric.PROVIDER_LATENCY.otelName()),
        byName.get(Metric.PROVIDER_ERRORS.otelName()), out, inputs);
    tools(byName.get(Metric.TOOL_DURATION.otelName()), out, inputs);
    inputs.put(HealthScore.MEMORY, gaugeValue(byName.get(Metric.SYSTEM_MEMORY.otelName())));
    inputs.put(HealthScore.CPU, gaugeValue(byName.get(Metric.SYSTEM_CPU.otelName())));

    lastInputs = Collections.unmodifiableMap(inputs);
    Map<String, Double> scores = health.componentScores(inputs);
    out.gauge(Metric.HEALTH_SCORE, Attributes.empty(), health.score(scores));
    for (Map.Entry<String, Double> score : scores.entrySet()) {
      out.gauge(Metric.HEALTH_COMPONENT, Attributes.of(COMPONENT, score.getKey()),
          score.getValue());
    }
    return out.metrics();
  }

  /** The health-score inputs of the latest derivation (NaN or absent: no data). */
  Map<String, Double> healthInputs() {
    return lastInputs;
  }

  /**
   * With delta temporality a series with nothing new since the last collection has no point,
   * though its earlier data may still be inside the window. Adds a zero point for each such
   * series, so that the derivations see every series in every collection, as with cumulative.
   */
  /**
   * With delta temporality a series that got nothing new is absent from the collection, yet its
   * earlier increments are still inside the window: put a zero point in for every series seen
   * before, so the derivations see each series every time, as they do with cumulative data.
   */
  private void addQuietDeltaSeries(Map<String, MetricData> byName, Resource resource, long now) {
    for (MetricData metric : byName.values()) {
      if (INPUTS.contains(metric.getName()) && Series.isDelta(metric)) {
        Map<Attributes, List<Double>> seen =
            deltaSeries.computeIfAbsent(metric.getName(), n -> new HashMap<>());
        for (PointData point : metric.getData().getPoints()) {
          seen.put(point.getAttributes(), point instanceof HistogramPointData
              ? ((HistogramPointData) point).getBoundaries() : null);
        }
      }
    }
    for (Map.Entry<String, Map<Attributes, List<Double>>> entry : deltaSeries.entrySet()) {
      Metric catalog = Metric.byOtelName(entry.getKey());
      MetricData metric = byName.get(entry.getKey());
      List<LongPointData> sums = new ArrayList<>();
      List<HistogramPointData> histograms = new ArrayList<>();
      Set<Attributes> present = new HashSet<>();
      if (metric != null) {
        for (PointData point : metric.getData().getPoints()) {
          present.add(point.getAttributes());
          if (point instanceof HistogramPointData) {
            histograms.add((HistogramPointData) point);
          } else if (point instanceof LongPointData) {
            sums.add((LongPointData) point);
          }
        }
      }
      int added = 0;
      for (Map.Entry<Attributes, List<Double>> known : entry.getValue().entrySet()) {
        if (present.contains(known.getKey())) {
          continue;
        }
        added++;
        List<Double> bounds = known.getValue();
        if (bounds == null) {
          sums.add(Points.longPoint(now, now, known.getKey(), 0));
        } else {
          histograms.add(Points.emptyHistogramPoint(now, known.getKey(), bounds));
        }
      }
      if (added == 0 || catalog == null) {
        continue;
      }
      byName.put(entry.getKey(), catalog.type() == Metric.Type.HISTOGRAM
          ? new DerivedMetricData(resource, SCOPE, catalog, MetricDataType.HISTOGRAM,
              Points.histogram(AggregationTemporality.DELTA, histograms))
          : new DerivedMetricData(resource, SCOPE, catalog, MetricDataType.LONG_SUM,
              Points.longSum(catalog.type() == Metric.Type.COUNTER,
                  AggregationTemporality.DELTA, sums)));
    }
  }

  private void cache(MetricData operations, Output out, Map<String, Double> inputs) {
    if (operations == null || operations.getType() != MetricDataType.LONG_SUM) {
      return;
    }
    boolean delta = Series.isDelta(operations);
    Map<String, long[]> hitsAndEvictions = new TreeMap<>();
    Map<String, Ratio> hitRates = new TreeMap<>();
    Ratio overall = new Ratio();
    for (LongPointData point : operations.getLongSumData().getPoints()) {
      String namespace = point.getAttributes().get(NAMESPACE);
      String operation = point.getAttributes().get(OPERATION);
      if (namespace == null || operation == null) {
        continue;
      }
      // Library caches' evictions come one series per cause: each its own key.
      String cause = point.getAttributes().get(CAUSE);
      String key = "cache|" + namespace + "|" + operation + (cause == null ? "" : "|" + cause);
      series.update(key, Series.counterValue(point), point.getStartEpochNanos(),
          point.getEpochNanos(), delta);
      long[] counts = hitsAndEvictions.computeIfAbsent(namespace, n -> new long[2]);
      Ratio ratio = hitRates.computeIfAbsent(namespace, n -> new Ratio());
      if (operation.equals("hit")) {
        counts[0] += point.getValue();
        ratio.add(series, key, out.now, true, true);
        overall.add(series, key, out.now, true, true);
      } else if (operation.equals("miss")) {
        ratio.add(series, key, out.now, false, true);
        overall.add(series, key, out.now, false, true);
      } else if (operation.equals("eviction")) {
        counts[1] += point.getValue();
      }
    }
    AggregationTemporality temporality =
        operations.getLongSumData().getAggregationTemporality();
    long start = startOf(operations);
    for (Map.Entry<String, long[]> entry : hitsAndEvictions.entrySet()) {
      Attributes attributes = Attributes.of(NAMESPACE, entry.getKey());
      out.sum(Metric.CACHE_HITS, temporality, start, attributes, entry.getValue()[0]);
      out.sum(Metric.CACHE_EVICTIONS, temporality, start, attributes, entry.getValue()[1]);
    }
    for (Map.Entry<String, Ratio> entry : hitRates.entrySet()) {
      out.ratio(Metric.CACHE_HIT_RATE, Attributes.of(NAMESPACE, entry.getKey()), entry.getValue());
    }
    out.ratio(Metric.CACHE_HIT_RATE, Attributes.of(NAMESPACE, Labels.OVERALL), overall);
    inputs.put(HealthScore.CACHE_HIT_RATE, overall.value());
  }

  private void selection(MetricData latency, Output out, Map<String, Double> inputs) {
    if (latency == null || latency.getType() != MetricDataType.HISTOGRAM) {
      return;
    }
    Ratio misses = new Ratio();
    Map<String, Ratio> servedBy = new TreeMap<>();
    List<String> keys = histogramCounts(latency, "selection", Metric.SELECTION_REQUESTS, out);
    List<HistogramPointData> points = new ArrayList<>(latency.getHistogramData().getPoints());
    for (int i = 0; i < points.size(); i++) {
      String cacheType = points.get(i).getAttributes().get(CACHE_TYPE);
      boolean hit = "hit".equals(points.get(i).getAttributes().get(RESULT));
      misses.add(series, keys.get(i), out.now, !hit, true);
      if (cacheType != null && !cacheType.equals("none")) {
        servedBy.computeIfAbsent(cacheType, t -> new Ratio());
      }
    }
    for (Map.Entry<String, Ratio> entry : servedBy.entrySet()) {
      for (int i = 0; i < points.size(); i++) {
        Attributes attributes = points.get(i).getAttributes();
        boolean served = entry.getKey().equals(attributes.get(CACHE_TYPE))
            && "hit".equals(attributes.get(RESULT));
        entry.getValue().add(series, keys.get(i), out.now, served, true);
      }
      out.ratio(Metric.SELECTION_HIT_RATE, Attributes.of(CACHE_TYPE, entry.getKey()),
          entry.getValue());
    }
    out.ratio(Metric.SELECTION_MISS_RATE, Attributes.empty(), misses);
    inputs.put(HealthScore.SELECTION_LATENCY, p95(keys, out.now));
  }

  private void provider(MetricData latency, MetricData errors, Output out,
      Map<String, Double> inputs) {
    if (latency == null || latency.getType() != MetricDataType.HISTOGRAM) {
      return;
    }
    Map<String, Ratio> rates = new TreeMap<>();
    Ratio overall = new Ratio();
    List<String> keys = histogramCounts(latency, "provider", Metric.PROVIDER_REQUESTS, out);
    List<HistogramPointData> points = new ArrayList<>(latency.getHistogramData().getPoints());
    for (int i = 0; i < points.size(); i++) {
      String provider = points.get(i).getAttributes().get(PROVIDER);
      rates.computeIfAbsent(provider, p -> new Ratio()).add(series, keys.get(i), out.now, false,
          true);
      overall.add(series, keys.get(i), out.now, false, true);
    }
    if (errors != null && errors.getType() == MetricDataType.LONG_SUM) {
      boolean delta = Series.isDelta(errors);
      for (LongPointData point : errors.getLongSumData().getPoints()) {
        String provider = point.getAttributes().get(PROVIDER);
        String key = "provider-errors|" + point.getAttributes();
        series.update(key, Series.counterValue(point), point.getStartEpochNanos(),
            point.getEpochNanos(), delta);
        Ratio ratio = rates.get(provider);
        if (ratio != null) {
          ratio.add(series, key, out.now, true, false);
          overall.add(series, key, out.now, true, false);
        }
      }
    }
    for (Map.Entry<String, Ratio> entry : rates.entrySet()) {
      Attributes attributes = Attributes.of(PROVIDER, entry.getKey());
      Double rate = entry.getValue().value();
      if (rate != null) {
        out.gauge(Metric.PROVIDER_ERROR_RATE, attributes, rate);
        out.gauge(Metric.PROVIDER_HEALTH, attributes, 1 - rate);
      }
    }
    out.ratio(Metric.PROVIDER_ERROR_RATE, Attributes.of(PROVIDER, Labels.OVERALL), overall);
    inputs.put(HealthScore.PROVIDER_ERROR_RATE, overall.value());
    // Not a score component: reported for the endpoint's provider latency check.
    inputs.put(SnapshotReader.PROVIDER_LATENCY_INPUT, p95(keys, out.now));
  }

  private void tools(MetricData duration, Output out, Map<String, Double> inputs) {
    if (duration == null || duration.getType() != MetricDataType.HISTOGRAM) {
      return;
    }
    Map<String, Ratio> rates = new TreeMap<>();
    Ratio overall = new Ratio();
    List<String> keys = histogramCounts(duration, "tool", Metric.TOOL_EXECUTIONS, out);
    List<HistogramPointData> points = new ArrayList<>(duration.getHistogramData().getPoints());
    for (int i = 0; i < points.size(); i++) {
      Attributes attributes = points.get(i).getAttributes();
      boolean failed = !"success".equals(attributes.get(STATUS));
      rates.computeIfAbsent(attributes.get(TOOL), t -> new Ratio())
          .add(series, keys.get(i), out.now, failed, true);
      overall.add(series, keys.get(i), out.now, failed, true);
    }
    for (Map.Entry<String, Ratio> entry : rates.entrySet()) {
      out.ratio(Metric.TOOL_ERROR_RATE, Attributes.of(TOOL, entry.getKey()), entry.getValue());
    }
    out.ratio(Metric.TOOL_ERROR_RATE, Attributes.of(TOOL, Labels.OVERALL), overall);
    inputs.put(HealthScore.TOOL_ERROR_RATE, overall.value());
    inputs.put(HealthScore.TOOL_LATENCY, p95(keys, out.now));
  }

  /**
   * Feeds a histogram's points into the series and emits their counts as the counter {@code
   * counts}, with the histogram's attributes and temporality. Returns the series keys, in the
   * order of the histogram's points.
   */
  private List<String> histogramCounts(MetricData histogram, String prefix, Metric counts,
      Output out) {
    boolean delta = Series.isDelta(histogram);
    AggregationTemporality temporality =
        histogram.getHistogramData().getAggregationTemporality();
    List<String> keys = new ArrayList<>();
    for (HistogramPointData point : histogram.getHistogramData().getPoints()) {
      String key = prefix + "|" + point.getAttributes();
      keys.add(key);
      series.update(key, Series.histogramValue(point), point.getStartEpochNanos(),
          point.getEpochNanos(), delta);
      series.bounds(key, point.getBoundaries());
      out.sum(counts, temporality, point.getStartEpochNanos(), point.getAttributes(),
          point.getCount());
    }
    return keys;
  }

  /** The P95 of the summed windowed bucket counts of {@code keys}; NaN without data. */
  private double p95(List<String> keys, long now) {
    double[] sum = null;
    List<Double> bounds = null;
    for (String key : keys) {
      double[] windowed = series.windowed(key, now);
      if (windowed == null) {
        continue;
      }
      if (sum == null) {
        sum = new double[windowed.length];
        bounds = series.bounds(key);
      }
      for (int i = 0; i < Math.min(sum.length, windowed.length); i++) {
        sum[i] += windowed[i];
      }
    }
    return sum == null ? Double.NaN : Series.quantile(0.95, bounds, sum);
  }

  private static Double gaugeValue(MetricData gauge) {
    if (gauge == null) {
      return null;
    }
    for (PointData point : gauge.getData().getPoints()) {
      if (point instanceof DoublePointData) {
        return ((DoublePointData) point).getValue();
      }
      if (point instanceof LongPointData) {
        return (double) ((LongPointData) point).getValue();
      }
    }
    return null;
  }

  private static long startOf(MetricData metric) {
    long start = Long.MAX_VALUE;
    for (PointData point : metric.getData().getPoints()) {
      start = Math.min(start, point.getStartEpochNanos());
    }
    return start == Long.MAX_VALUE ? 0 : start;
  }

  /**
   * A ratio over the window, falling back to the lifetime ratio when nothing happened in the
   * window, so a quiet cache keeps its last known hit rate instead of dropping out of dashboards.
   */
  private static final class Ratio {
    double windowNumerator;
    double windowDenominator;
    double lifeNumerator;
    double lifeDenominator;

    /** Adds a series' first value (its count) to the numerator and/or the denominator. */
    void add(Series series, String key, long now, boolean numerator, boolean denominator) {
      double[] windowed = series.windowed(key, now);
      double[] total = series.total(key);
      if (windowed == null || total == null) {
        return;
      }
      if (numerator) {
        windowNumerator += windowed[0];
        lifeNumerator += total[0];
      }
      if (denominator) {
        windowDenominator += windowed[0];
        lifeDenominator += total[0];
      }
    }

    Double value() {
      if (windowDenominator > 0) {
        return Math.min(1, windowNumerator / windowDenominator);
      }
      if (lifeDenominator > 0) {
        return Math.min(1, lifeNumerator / lifeDenominator);
      }
      return null;
    }
  }

  /** The derived metrics of one collection, grouped by catalog entry. */
  private static final class Output {
    final Resource resource;
    final long now;
    final Map<Metric, List<DoublePointData>> gauges = new LinkedHashMap<>();
    final Map<Metric, List<LongPointData>> sums = new LinkedHashMap<>();
    final Map<Metric, AggregationTemporality> temporalities = new HashMap<>();

    Output(Resource resource, long now) {
      this.resource = resource;
      this.now = now;
    }

    void gauge(Metric metric, Attributes attributes, double value) {
      gauges.computeIfAbsent(metric, m -> new ArrayList<>())
          .add(Points.doublePoint(now, attributes, value));
    }

    void ratio(Metric metric, Attributes attributes, Ratio ratio) {
      Double value = ratio.value();
      if (value != null) {
        gauge(metric, attributes, value);
      }
    }

    void sum(Metric metric, AggregationTemporality temporality, long start, Attributes attributes,
        long value) {
      temporalities.put(metric, temporality);
      sums.computeIfAbsent(metric, m -> new ArrayList<>())
          .add(Points.longPoint(start, now, attributes, value));
    }

    List<MetricData> metrics() {
      List<MetricData> result = new ArrayList<>();
      for (Map.Entry<Metric, List<LongPointData>> entry : sums.entrySet()) {
        result.add(new DerivedMetricData(resource, SCOPE, entry.getKey(), MetricDataType.LONG_SUM,
            Points.longSum(true, temporalities.get(entry.getKey()),
                entry.getValue())));
      }
      for (Map.Entry<Metric, List<DoublePointData>> entry : gauges.entrySet()) {
        result.add(new DerivedMetricData(resource, SCOPE, entry.getKey(),
            MetricDataType.DOUBLE_GAUGE, Points.doubleGauge(entry.getValue())));
      }
      return result;
    }
  }
}
