package ai.victor.otel.instrumentation.caches;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the agent exported in the current test (the testing exporter runs delta temporality
 * and is cleared before each test). Names are literals: the extension is not on the class path,
 * and the tests check the published contract.
 */
final class Exported {
  private static final String SCOPE = "ai.victor.otel";

  private Exported() {}

  static Attributes attributes(String... keysAndValues) {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.put(AttributeKey.stringKey(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return builder.build();
  }

  private static List<MetricData> metric(InstrumentationExtension testing, String name) {
    List<MetricData> result = new ArrayList<>();
    for (MetricData data : testing.metrics()) {
      if (SCOPE.equals(data.getInstrumentationScopeInfo().getName())
          && name.equals(data.getName())) {
        result.add(data);
      }
    }
    return result;
  }

  /** victor.cache.operations for a namespace and operation (and a cause, for evictions). */
  static long operations(InstrumentationExtension testing, String namespace,
      String... operationAndCause) {
    Attributes attributes = operationAndCause.length == 1
        ? attributes("namespace", namespace, "operation", operationAndCause[0])
        : attributes("namespace", namespace, "operation", operationAndCause[0], "cause",
            operationAndCause[1]);
    long total = 0;
    for (MetricData data : metric(testing, "victor.cache.operations")) {
      assertThat(data.getType()).isEqualTo(MetricDataType.LONG_SUM);
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

  /** The namespaces with any non-zero operation in this test. */
  static Set<String> activeNamespaces(InstrumentationExtension testing) {
    Set<String> namespaces = new TreeSet<>();
    for (MetricData data : metric(testing, "victor.cache.operations")) {
      for (LongPointData point : data.getLongSumData().getPoints()) {
        if (point.getValue() != 0) {
          namespaces.add(point.getAttributes().get(AttributeKey.stringKey("namespace")));
        }
      }
    }
    return namespaces;
  }

  /** The number of timed lookups of a namespace. */
  static long sampledLookups(InstrumentationExtension testing, String namespace) {
    long count = 0;
    for (MetricData data : metric(testing, "victor.cache.operation.latency_ms")) {
      for (HistogramPointData point : data.getHistogramData().getPoints()) {
        if (point.getAttributes().equals(attributes("namespace", namespace))) {
          count += point.getCount();
        }
      }
    }
    return count;
  }

  /** A gauge's last exported value for a namespace, or null when never exported. */
  static Double gauge(InstrumentationExtension testing, String name, String namespace) {
    Attributes attributes = attributes("namespace", namespace);
    Double last = null;
    for (MetricData data : metric(testing, name)) {
      if (data.getType() == MetricDataType.LONG_GAUGE) {
        for (LongPointData point : data.getLongGaugeData().getPoints()) {
          if (point.getAttributes().equals(attributes)) {
            last = (double) point.getValue();
          }
        }
      } else {
        for (var point : data.getDoubleGaugeData().getPoints()) {
          if (point.getAttributes().equals(attributes)) {
            last = point.getValue();
          }
        }
      }
    }
    return last;
  }

  /** Fails when the extension swallowed a failure of its own in this test. */
  static void assertNoExtensionFailures(InstrumentationExtension testing) {
    List<String> failures = new ArrayList<>();
    for (MetricData data : metric(testing, "victor.otel.failures")) {
      for (LongPointData point : data.getLongSumData().getPoints()) {
        if (point.getValue() != 0) {
          failures.add(point.getAttributes() + "=" + point.getValue());
        }
      }
    }
    assertThat(failures).as("victor.otel.failures recorded in this test").isEmpty();
  }
}
