package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.List;
import java.util.Map;

/**
 * Writes a snapshot's catalog series in the Prometheus text format 0.0.4, named by {@link
 * Metric#prometheusName()}: the names and labels the agent's Prometheus exporter and the
 * collector produce, so alert rules and dashboards work on a direct scrape too. Unlike the agent's
 * exporter it adds no {@code otel_scope_*} labels (every series here has the extension's scope).
 */
final class PrometheusWriter {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusWriter() {}

  static String write(Snapshot snapshot) {
    StringBuilder out = new StringBuilder(8192);
    for (MetricData data : snapshot.metrics()) {
      Metric metric = Metric.byOtelName(data.getName());
      List<PointData> points = snapshot.points(metric);
      if (points.isEmpty()) {
        continue;
      }
      String name = metric.prometheusName();
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(metric.description()))
          .append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type(metric)).append('\n');
      for (PointData point : points) {
        if (point instanceof HistogramPointData) {
          histogram(out, name, (HistogramPointData) point);
        } else {
          sample(out, name, point.getAttributes(), null, Snapshot.value(point));
        }
      }
    }
    return out.toString();
  }

  private static void histogram(StringBuilder out, String name, HistogramPointData point) {
    List<Double> bounds = point.getBoundaries();
    List<Long> counts = point.getCounts();
    long cumulative = 0;
    for (int i = 0; i < counts.size(); i++) {
      cumulative += counts.get(i);
      String le = i < bounds.size() ? number(bounds.get(i)) : "+Inf";
      sample(out, name + "_bucket", point.getAttributes(), le, cumulative);
    }
    sample(out, name + "_sum", point.getAttributes(), null, point.getSum());
    sample(out, name + "_count", point.getAttributes(), null, point.getCount());
  }

  private static void sample(StringBuilder out, String name, Attributes attributes, String le,
      double value) {
    out.append(name);
    if (!attributes.isEmpty() || le != null) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(labelName(entry.getKey().getKey())).append("=\"")
            .append(escapeLabel(String.valueOf(entry.getValue()))).append('"');
      }
      if (le != null) {
        out.append(first ? "" : ",").append("le=\"").append(le).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  private static String type(Metric metric) {
    switch (metric.type()) {
      case COUNTER:
        return "counter";
      case HISTOGRAM:
        return "histogram";
      default:
        return "gauge";
    }
  }

  /** As the exporters do: every character outside {@code [a-zA-Z0-9_]} becomes {@code _}. */
  static String labelName(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
