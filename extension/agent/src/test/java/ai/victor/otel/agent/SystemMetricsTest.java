package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class SystemMetricsTest {

  private static double value(Collection<MetricData> metrics, Metric metric) {
    MetricData data = TestMetrics.metric(metrics, metric.otelName());
    assertThat(data).as(metric.otelName()).isNotNull();
    assertThat(data.getUnit()).isEqualTo(metric.unit());
    PointData point = TestMetrics.point(metrics, metric.otelName(), Attributes.empty());
    return point instanceof LongPointData ? ((LongPointData) point).getValue()
        : ((DoublePointData) point).getValue();
  }

  @Test
  void registersTheSystemGaugesUnderTheCatalogNames() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
        .build()) {
      SystemMetrics.register(provider.get("ai.victor.otel"));
      Collection<MetricData> metrics = reader.collectAllMetrics();
      assertThat(value(metrics, Metric.SYSTEM_MEMORY)).isGreaterThan(1 << 20);
      assertThat(value(metrics, Metric.SYSTEM_THREADS)).isGreaterThanOrEqualTo(1);
      assertThat(value(metrics, Metric.SYSTEM_UPTIME)).isGreaterThan(0)
          .isLessThanOrEqualTo(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0 + 1);
      MetricData cpu = TestMetrics.metric(reader.collectAllMetrics(), Metric.SYSTEM_CPU.otelName());
      if (cpu != null) { // the JVM may not know the CPU load yet
        double percent = value(reader.collectAllMetrics(), Metric.SYSTEM_CPU);
        assertThat(percent).isBetween(0.0, 100.0);
      }
    }
  }

  @Test
  void residentMemoryComesFromProcWhereAvailable() {
    if (Files.isReadable(Paths.get("/proc/self/statm"))) {
      assertThat(SystemMetrics.residentBytes()).isGreaterThan(1 << 20);
    } else {
      assertThat(SystemMetrics.residentBytes()).isEqualTo(-1);
    }
  }
}
