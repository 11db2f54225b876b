package ai.victor.otel.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads what the agent exported in the current test (the extension clears data before each
 * test). Names and keys are literals: the extension's classes are not on the test class path, and
 * the tests check the published contract, not its constants.
 */
final class Recorded {
  static final String SCOPE = "ai.victor.otel";

  private Recorded() {}

  static Attributes attributes(String... keysAndValues) {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.put(AttributeKey.stringKey(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return builder.build();
  }

  /** The metric data of every scope with this name (to see duplicates from other scopes). */
  static List<MetricData> anyScope(InstrumentationExtension testing, String name) {
    return testing.metrics().stream().filter(m -> name.equals(m.getName()))
        .collect(Collectors.toList());
  }

  private static List<MetricData> metric(InstrumentationExtension testing, String name) {
    return anyScope(testing, name).stream()
        .filter(m -> SCOPE.equals(m.getInstrumentationScopeInfo().getName()))
        .collect(Collectors.toList());
  }

  /** A counter's value for exactly these attributes; 0 when never seen. */
  static long counter(InstrumentationExtension testing, String name, Attributes attributes) {
    long total = 0;
    for (MetricData data : metric(testing, name)) {
      assertThat(data.getType()).as(name).isEqualTo(MetricDataType.LONG_SUM);
      boolean delta =
          data.getLongSumData().getAggregationTemporality() == AggregationTemporality.DELTA;
      for (LongPointData point : data.getLongSumData().getPoints()) {
        if (point.getAttributes().equals(attributes)) {
          total = delta ? total + point.getValue() : point.getValue();
        }
      }
    }
    return total;
  }

  /** The number of recordings of a histogram for exactly these attributes. */
  static long count(InstrumentationExtension testing, String name, Attributes attributes) {
    return histogram(testing, name, attributes).stream().mapToLong(HistogramPointData::getCount)
        .sum();
  }

  /** The sum of a histogram's recordings for exactly these attributes. */
  static double sum(InstrumentationExtension testing, String name, Attributes attributes) {
    return histogram(testing, name, attributes).stream().mapToDouble(HistogramPointData::getSum)
        .sum();
  }

  /** A gauge's last value for exactly these attributes, or null when never exported. */
  static Double gauge(InstrumentationExtension testing, String name, Attributes attributes) {
    Double last = null;
    for (MetricData data : metric(testing, name)) {
      for (PointData point : data.getData().getPoints()) {
        if (point.getAttributes().equals(attributes)) {
          last = point instanceof LongPointData ? (double) ((LongPointData) point).getValue()
              : ((io.opentelemetry.sdk.metrics.data.DoublePointData) point).getValue();
        }
      }
    }
    return last;
  }

  /** The number of recordings of a histogram across all its series. */
  static long countAll(InstrumentationExtension testing, String name) {
    long count = 0;
    for (MetricData data : metric(testing, name)) {
      for (HistogramPointData point : data.getHistogramData().getPoints()) {
        count += point.getCount();
      }
    }
    return count;
  }

  private static List<HistogramPointData> histogram(InstrumentationExtension testing,
      String name, Attributes attributes) {
    List<HistogramPointData> result = new ArrayList<>();
    for (MetricData data : metric(testing, name)) {
      assertThat(data.getType()).as(name).isEqualTo(MetricDataType.HISTOGRAM);
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

  /** Fails when the extension swallowed a failure of its own (victor.otel.failures). */
  static void assertNoExtensionFailures(InstrumentationExtension testing) {
    List<String> failures = new ArrayList<>();
    for (MetricData data : metric(testing, "victor.otel.failures")) {
      for (PointData point : data.getData().getPoints()) {
        if (((LongPointData) point).getValue() != 0) {
          failures.add(point.getAttributes() + "=" + ((LongPointData) point).getValue());
        }
      }
    }
    assertThat(failures).as("victor.otel.failures recorded in this test").isEmpty();
  }

  /** All finished spans, once {@code done} holds for them (streams end on other threads). */
  static List<SpanData> spans(InstrumentationExtension testing, Predicate<List<SpanData>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> spans = testing.spans();
      if (done.test(spans)) {
        return spans;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("spans did not arrive; have " + spans.stream()
            .map(SpanData::getName).collect(Collectors.toList()));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static List<SpanData> named(List<SpanData> spans, String prefix) {
    return spans.stream().filter(s -> s.getName().startsWith(prefix))
        .collect(Collectors.toList());
  }

  static long countNamed(List<SpanData> spans, String prefix) {
    return named(spans, prefix).size();
  }

  static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> matching = spans.stream().filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
    assertThat(matching).as("spans named " + name).hasSize(1);
    return matching.get(0);
  }
}
