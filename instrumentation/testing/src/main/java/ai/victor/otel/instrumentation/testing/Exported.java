package ai.victor.otel.instrumentation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.TraceAssert;
import io.opentelemetry.sdk.testing.assertj.TracesAssert;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads what the agent exported in the current test. Every read force-flushes the agent's metric
 * reader and returns all exports since the test started ({@code clearData} runs before each
 * test); the testing exporter defaults to delta temporality, so a series' value is the sum of its
 * deltas (or the last point, should it run cumulative). Metric names and attribute keys are
 * string literals on purpose: the extension's classes are not on the test class path, and the
 * tests check the published contract independently of its constants.
 */
public final class Exported {
  public static final String SCOPE = "ai.victor.otel";

  private Exported() {}

  /** Attributes from alternating string keys and values. */
  public static Attributes attributes(String... keysAndValues) {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.put(AttributeKey.stringKey(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return builder.build();
  }

  /**
   * The given span attribute assertions plus the thread attributes the testing agent adds to
   * every span (the span was started on the calling thread), for hasAttributesSatisfyingExactly.
   */
  public static List<AttributeAssertion> spanAttributes(AttributeAssertion... assertions) {
    List<AttributeAssertion> all = new ArrayList<>(Arrays.asList(assertions));
    all.add(OpenTelemetryAssertions.equalTo(AttributeKey.longKey("thread.id"),
        Thread.currentThread().getId()));
    all.add(OpenTelemetryAssertions.equalTo(AttributeKey.stringKey("thread.name"),
        Thread.currentThread().getName()));
    return all;
  }

  /** The extension's exported data of one metric in this test. */
  public static List<MetricData> metric(InstrumentationExtension testing, String name) {
    return testing.metrics().stream()
        .filter(m -> SCOPE.equals(m.getInstrumentationScopeInfo().getName()))
        .filter(m -> name.equals(m.getName()))
        .collect(Collectors.toList());
  }

  /** A counter's (or up-down counter's) value for exactly these attributes; 0 when never seen. */
  public static long counter(InstrumentationExtension testing, String name, Attributes attributes) {
    long total = 0;
    for (MetricData data : metric(testing, name)) {
      assertThat(data.getType()).as("type of %s", name)
          .isEqualTo(io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_SUM);
      boolean delta =
          data.getLongSumData().getAggregationTemporality() == AggregationTemporality.DELTA;
      for (var point : data.getLongSumData().getPoints()) {
        if (point.getAttributes().equals(attributes)) {
          total = delta ? total + point.getValue() : point.getValue();
        }
      }
    }
    return total;
  }

  /** Whether a series with exactly these attributes was exported at all (a zero counts). */
  public static boolean hasSeries(InstrumentationExtension testing, String name, Attributes attributes) {
    return points(testing, name).stream().anyMatch(p -> p.getAttributes().equals(attributes));
  }

  /** The values one attribute takes across the metric's series whose other attributes match. */
  public static Set<String> values(InstrumentationExtension testing, String name, String key,
      Attributes others) {
    Set<String> values = new TreeSet<>();
    for (PointData point : points(testing, name)) {
      Attributes attributes = point.getAttributes();
      boolean matches = others.asMap().entrySet().stream()
          .allMatch(e -> e.getValue().equals(attributes.get(e.getKey())));
      String value = attributes.get(AttributeKey.stringKey(key));
      if (matches && value != null) {
        values.add(value);
      }
    }
    return values;
  }

  /** The number of recordings of a histogram for exactly these attributes. */
  public static long histogramCount(InstrumentationExtension testing, String name,
      Attributes attributes) {
    long count = 0;
    for (HistogramPointData point : histogramPoints(testing, name, attributes)) {
      count += point.getCount();
    }
    return count;
  }

  /** The sum of a histogram's recordings for exactly these attributes. */
  public static double histogramSum(InstrumentationExtension testing, String name,
      Attributes attributes) {
    double sum = 0;
    for (HistogramPointData point : histogramPoints(testing, name, attributes)) {
      sum += point.getSum();
    }
    return sum;
  }

  private static List<HistogramPointData> histogramPoints(InstrumentationExtension testing,
      String name, Attributes attributes) {
    List<HistogramPointData> result = new ArrayList<>();
    for (MetricData data : metric(testing, name)) {
      assertThat(data.getType()).as("type of %s", name)
          .isEqualTo(io.opentelemetry.sdk.metrics.data.MetricDataType.HISTOGRAM);
      boolean delta =
          data.getHistogramData().getAggregationTemporality() == AggregationTemporality.DELTA;
      for (HistogramPointData point : data.getHistogramData().getPoints()) {
        if (point.getAttributes().equals(attributes)) {
          if (!delta) {
            result.clear();
          }
          result.add(point);
        }
      }
    }
    return result;
  }

  /** A gauge's last exported value for exactly these attributes, or null when never exported. */
  public static Double gauge(InstrumentationExtension testing, String name, Attributes attributes) {
    Double last = null;
    for (MetricData data : metric(testing, name)) {
      switch (data.getType()) {
        case LONG_GAUGE:
          for (var point : data.getLongGaugeData().getPoints()) {
            if (point.getAttributes().equals(attributes)) {
              last = (double) point.getValue();
            }
          }
          break;
        case DOUBLE_GAUGE:
          for (var point : data.getDoubleGaugeData().getPoints()) {
            if (point.getAttributes().equals(attributes)) {
              last = point.getValue();
            }
          }
          break;
        default:
          throw new AssertionError(name + " is a " + data.getType() + ", expected a gauge");
      }
    }
    return last;
  }

  private static List<PointData> points(InstrumentationExtension testing, String name) {
    List<PointData> points = new ArrayList<>();
    for (MetricData data : metric(testing, name)) {
      points.addAll(data.getData().getPoints());
    }
    return points;
  }

  /**
   * Fails when the extension swallowed a failure of its own (victor.otel.failures): the host
   * call was unaffected, but the telemetry the test expects was skipped.
   */
  public static void assertNoExtensionFailures(InstrumentationExtension testing) {
    List<String> failures = new ArrayList<>();
    for (PointData point : points(testing, "victor.otel.failures")) {
      long value = ((io.opentelemetry.sdk.metrics.data.LongPointData) point).getValue();
      if (value != 0) {
        failures.add(point.getAttributes() + "=" + value);
      }
    }
    assertThat(failures).as("victor.otel.failures recorded in this test").isEmpty();
  }

  /**
   * Waits for {@code assertions.length} traces and asserts them in the order they started. The
   * runner's own waitAndAssertTraces also requires an instrumentation scope version, which the
   * extension's tracer does not set.
   */
  @SafeVarargs
  public static void assertTraces(InstrumentationExtension testing,
      Consumer<TraceAssert>... assertions) {
    List<List<SpanData>> traces = new ArrayList<>(testing.waitForTraces(assertions.length));
    traces.sort(Comparator.comparingLong(trace -> trace.stream()
        .mapToLong(SpanData::getStartEpochNanos).min().orElse(0)));
    TracesAssert.assertThat(traces).hasTracesSatisfyingExactly(assertions);
  }
}
