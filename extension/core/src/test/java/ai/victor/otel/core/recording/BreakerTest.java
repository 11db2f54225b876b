package ai.victor.otel.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Warnings;
import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class BreakerTest {
  @Test
  void theFirstLinkageErrorSwitchesTheModuleOffOnceAndOtherFailuresDoNot() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
        .build();
    Failures failures = Telemetry.create(sdk,
        VictorConfig.load(ConfigSource.of(Collections.<String, String>emptyMap()))).failures();
    try (Warnings warnings = Warnings.capture()) {
      Breaker breaker = new Breaker("victor-test", "docs/libraries/test.md");
      breaker.failed(failures, "tool", new IllegalStateException("an ordinary failure"));
      assertThat(breaker.isOpen()).isFalse();

      breaker.failed(failures, "tool",
          new RuntimeException(new NoSuchMethodError("Tool.definition()")));
      breaker.failed(failures, "tool", new NoClassDefFoundError("org/example/Gone"));
      breaker.trip(failures, "provider", new NoSuchMethodError("again"));

      assertThat(breaker.isOpen()).isTrue();
      assertThat(warnings.messages()).hasSize(2); // the ordinary failure's, then the breaker's
      assertThat(warnings.messages().get(1)).contains("module victor-test switched off",
          "Tool.definition()", "role=\"tool\"", "docs/libraries/test.md");
      assertThat(failureCount(reader, "tool")).isEqualTo(2); // the ordinary one and the trip
      assertThat(failureCount(reader, "provider")).isZero();
    } finally {
      sdk.close();
    }
  }

  private static long failureCount(InMemoryMetricReader reader, String role) {
    long total = 0;
    for (MetricData metric : reader.collectAllMetrics()) {
      if (metric.getName().equals("victor.otel.failures")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          if (role.equals(point.getAttributes().get(AttributeKey.stringKey("role")))) {
            total += point.getValue();
          }
        }
      }
    }
    return total;
  }
}
