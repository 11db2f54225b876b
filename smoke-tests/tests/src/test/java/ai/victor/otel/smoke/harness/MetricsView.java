package ai.victor.otel.smoke.harness;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * OTLP metric exports flattened to what the smoke tests assert on: per metric name its kind, unit, description
 * and one point per attribute set, with attributes as strings.
 *
 * <p>Built from one or more exports in arrival order; a later point for the same (metric name, attribute set)
 * replaces an earlier one. That is right because the agent's SDK exports cumulative temporality, so the newest point
 * carries the whole history, while merging still keeps series that a later export left out.
 */
public final class MetricsView {

  /** The OTLP data kind of a metric, with sums split by monotonicity (counter vs. up-down counter). */
  public enum Type {
    SUM_MONOTONIC,
    SUM_NON_MONOTONIC,
    GAUGE,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM
  }

  /**
   * One data point. Sums and gauges fill {@code value} (integers widened to double) and leave {@code count} and
   * {@code sum} at 0 and the bucket lists empty. Histograms fill {@code count}, {@code sum}, {@code bucketBounds}
   * (explicit upper bounds) and {@code bucketCounts} (one more than the bounds) and leave {@code value} NaN.
   * Exponential histograms fill only {@code count} and {@code sum}.
   */
  public record Point(
      Map<String, String> attributes,
      double value,
      long count,
      double sum,
      List<Double> bucketBounds,
      List<Long> bucketCounts) {

    public Point {
      attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
      bucketBounds = List.copyOf(bucketBounds);
      bucketCounts = List.copyOf(bucketCounts);
    }

    /** True if every given attribute is present with the given value (other attributes may exist). */
    public boolean hasAttributes(Map<String, String> subset) {
      return attributes.entrySet().containsAll(subset.entrySet());
    }
  }

  /** One metric and its points, one per attribute set. {@code scope} is the instrumentation scope name. */
  public record Metric(
      String name, Type type, String unit, String description, String scope, List<Point> points) {

    public Metric {
      points = List.copyOf(points);
    }

    /** The points whose attributes include all of {@code subset}; all points for an empty subset. */
    public List<Point> pointsWith(Map<String, String> subset) {
      return points.stream().filter(p -> p.hasAttributes(subset)).toList();
    }

    /** The point whose attribute set is exactly {@code attributes}, if any. */
    public Optional<Point> point(Map<String, String> attributes) {
      return points.stream().filter(p -> p.attributes().equals(attributes)).findFirst();
    }
  }

  private final Map<String, Metric> metrics;

  private MetricsView(Map<String, Metric> metrics) {
    this.metrics = metrics;
  }

  /** Merges the exports in the order given; see the class comment for which point wins. */
  public static MetricsView of(List<ExportMetricsServiceRequest> exports) {
    Map<String, Accumulator> byName = new LinkedHashMap<>();
    for (ExportMetricsServiceRequest export : exports) {
      for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
        for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
          String scope = scopeMetrics.getScope().getName();
          for (io.opentelemetry.proto.metrics.v1.Metric metric : scopeMetrics.getMetricsList()) {
            byName.computeIfAbsent(metric.getName(), name -> new Accumulator()).add(metric, scope);
          }
        }
      }
    }
    Map<String, Metric> metrics = new LinkedHashMap<>();
    byName.forEach((name, acc) -> metrics.put(name, acc.toMetric(name)));
    return new MetricsView(metrics);
  }

  /** Metric names in first-seen order. */
  public Set<String> names() {
    return metrics.keySet();
  }

  public Optional<Metric> find(String name) {
    return Optional.ofNullable(metrics.get(name));
  }

  /**
   * The named metric.
   *
   * @throws AssertionError listing the names that are present, if it is absent
   */
  public Metric metric(String name) {
    Metric metric = metrics.get(name);
    if (metric == null) {
      throw new AssertionError("no metric '" + name + "'; present: " + names());
    }
    return metric;
  }

  @Override
  public String toString() {
    return metrics.values().toString();
  }

  /** Collects one metric name's latest description and latest point per attribute set. */
  private static final class Accumulator {
    private Type type;
    private String unit;
    private String description;
    private String scope;
    private final Map<Map<String, String>, Point> points = new LinkedHashMap<>();

    void add(io.opentelemetry.proto.metrics.v1.Metric metric, String scope) {
      this.unit = metric.getUnit();
      this.description = metric.getDescription();
      this.scope = scope;
      switch (metric.getDataCase()) {
        case SUM -> {
          type = metric.getSum().getIsMonotonic() ? Type.SUM_MONOTONIC : Type.SUM_NON_MONOTONIC;
          metric.getSum().getDataPointsList().forEach(this::addNumber);
        }
        case GAUGE -> {
          type = Type.GAUGE;
          metric.getGauge().getDataPointsList().forEach(this::addNumber);
        }
        case HISTOGRAM -> {
          type = Type.HISTOGRAM;
          metric.getHistogram().getDataPointsList().forEach(this::addHistogram);
        }
        case EXPONENTIAL_HISTOGRAM -> {
          type = Type.EXPONENTIAL_HISTOGRAM;
          metric.getExponentialHistogram().getDataPointsList().forEach(this::addExponential);
        }
        // The Java SDK never produces summaries; seeing one means something other than the agent exported.
        case SUMMARY, DATA_NOT_SET ->
            throw new IllegalStateException(
                "unsupported metric data " + metric.getDataCase() + " for " + metric.getName());
      }
    }

    private void addNumber(NumberDataPoint p) {
      double value =
          p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
      put(new Point(OtlpValues.attributes(p.getAttributesList()), value, 0, 0, List.of(), List.of()));
    }

    private void addHistogram(HistogramDataPoint p) {
      put(
          new Point(
              OtlpValues.attributes(p.getAttributesList()),
              Double.NaN,
              p.getCount(),
              p.getSum(),
              p.getExplicitBoundsList(),
              p.getBucketCountsList()));
    }

    private void addExponential(ExponentialHistogramDataPoint p) {
      put(
          new Point(
              OtlpValues.attributes(p.getAttributesList()),
              Double.NaN,
              p.getCount(),
              p.getSum(),
              List.of(),
              List.of()));
    }

    private void put(Point point) {
      points.put(point.attributes(), point);
    }

    Metric toMetric(String name) {
      return new Metric(name, type, unit, description, scope, List.copyOf(points.values()));
    }
  }
}
