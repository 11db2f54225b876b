package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One collection of the catalog series, derived ones included, as every endpoint response reads
 * it: the JSON bodies, the health checks and the Prometheus text of one request all come from the
 * same snapshot, so they cannot disagree with each other or with what the metric readers export.
 */
final class Snapshot {
  private final long epochMillis;
  private final Map<Metric, MetricData> metrics = new EnumMap<>(Metric.class);
  private final Map<String, Double> healthInputs;
  private final Set<String> activeTraffic;

  /**
   * @param collected one collection; series outside the catalog are ignored
   * @param healthInputs the health-score inputs the same collection's derivation computed
   * @param activeTraffic the {@link Traffic} kinds that changed within the derivation window
   */
  Snapshot(long epochMillis, Collection<MetricData> collected, Map<String, Double> healthInputs,
      Set<String> activeTraffic) {
    this.epochMillis = epochMillis;
    for (MetricData data : collected) {
      Metric metric = Metric.byOtelName(data.getName());
      if (metric != null) {
        metrics.put(metric, data);
      }
    }
    this.healthInputs = healthInputs;
    this.activeTraffic = activeTraffic;
  }

  long epochMillis() {
    return epochMillis;
  }

  MetricData metric(Metric metric) {
    return metrics.get(metric);
  }

  /** The collected catalog metrics, in catalog order. */
  Collection<MetricData> metrics() {
    return metrics.values();
  }

  List<PointData> points(Metric metric) {
    MetricData data = metrics.get(metric);
    return data == null ? Collections.<PointData>emptyList()
        : new ArrayList<PointData>(data.getData().getPoints());
  }

  /** The value of a health-score input (or a reported-only input), NaN without data. */
  double healthInput(String name) {
    Double value = healthInputs.get(name);
    return value == null ? Double.NaN : value;
  }

  /** True when the kind's traffic counter moved within the derivation window. */
  boolean active(String trafficKind) {
    return activeTraffic.contains(trafficKind);
  }

  /** The first point of an unlabelled (or the only relevant) gauge; NaN when absent. */
  double gauge(Metric metric) {
    for (PointData point : points(metric)) {
      return value(point);
    }
    return Double.NaN;
  }

  /** The gauge point whose label {@code key} is {@code value}; NaN when absent. */
  double gauge(Metric metric, String key, String value) {
    AttributeKey<String> attribute = AttributeKey.stringKey(key);
    for (PointData point : points(metric)) {
      if (value.equals(point.getAttributes().get(attribute))) {
        return value(point);
      }
    }
    return Double.NaN;
  }

  /** Gauge values by the value of label {@code key}, sorted. */
  Map<String, Double> gaugeBy(Metric metric, String key) {
    AttributeKey<String> attribute = AttributeKey.stringKey(key);
    Map<String, Double> result = new TreeMap<>();
    for (PointData point : points(metric)) {
      String label = point.getAttributes().get(attribute);
      if (label != null) {
        result.put(label, value(point));
      }
    }
    return result;
  }

  /**
   * Sums of a counter (or histogram counts) grouped by the value of label {@code key}, over the
   * points whose labels include {@code filter} (alternating keys and values).
   */
  Map<String, Double> sumBy(Metric metric, String key, String... filter) {
    AttributeKey<String> attribute = AttributeKey.stringKey(key);
    Map<String, Double> result = new TreeMap<>();
    for (PointData point : points(metric)) {
      if (matches(point.getAttributes(), filter)) {
        String label = point.getAttributes().get(attribute);
        if (label != null) {
          Double sum = result.get(label);
          result.put(label, (sum == null ? 0 : sum) + value(point));
        }
      }
    }
    return result;
  }

  /** The sum over the points whose labels include {@code filter}; 0 when none. */
  double sum(Metric metric, String... filter) {
    double sum = 0;
    for (PointData point : points(metric)) {
      if (matches(point.getAttributes(), filter)) {
        sum += value(point);
      }
    }
    return sum;
  }

  /** Histogram points whose labels include {@code filter}. */
  List<HistogramPointData> histograms(Metric metric, String... filter) {
    List<HistogramPointData> result = new ArrayList<>();
    for (PointData point : points(metric)) {
      if (point instanceof HistogramPointData && matches(point.getAttributes(), filter)) {
        result.add((HistogramPointData) point);
      }
    }
    return result;
  }

  private static boolean matches(Attributes attributes, String... filter) {
    for (int i = 0; i + 1 < filter.length; i += 2) {
      if (!filter[i + 1].equals(attributes.get(AttributeKey.stringKey(filter[i])))) {
        return false;
      }
    }
    return true;
  }

  /** A point's number: gauge or sum value, a histogram's count. */
  static double value(PointData point) {
    if (point instanceof DoublePointData) {
      return ((DoublePointData) point).getValue();
    }
    if (point instanceof LongPointData) {
      return ((LongPointData) point).getValue();
    }
    if (point instanceof HistogramPointData) {
      return ((HistogramPointData) point).getCount();
    }
    return Double.NaN;
  }
}
