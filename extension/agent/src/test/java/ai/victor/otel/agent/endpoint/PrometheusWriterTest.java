package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {
  @Test
  void writesCatalogNamesTypesAndLabels() {
    try (Fixture fixture = new Fixture()) {
      fixture.count(Metric.CACHE_OPERATIONS, 3, "namespace", "q\"uote", "operation", "hit")
          .gauge(Metric.SYSTEM_MEMORY, 1024)
          .gauge(Metric.HEALTH_SCORE, 87.5);
      String text = PrometheusWriter.write(fixture.snapshot());
      assertThat(text).contains("# TYPE victor_cache_operations_total counter\n")
          .contains("victor_cache_operations_total{namespace=\"q\\\"uote\",operation=\"hit\"} 3\n")
          .contains("# TYPE victor_system_memory_bytes gauge\nvictor_system_memory_bytes 1024\n")
          .contains("victor_performance_health_score 87.5\n")
          .doesNotContain("otel_scope");
    }
  }

  @Test
  void histogramsHaveCumulativeBucketsSumAndCount() {
    try (Fixture fixture = new Fixture()) {
      // Without the catalog's bucket advice, the SDK's default boundaries apply.
      fixture.record(Metric.TOOL_DURATION, 3, "tool", "search", "status", "success")
          .record(Metric.TOOL_DURATION, 7, "tool", "search", "status", "success")
          .record(Metric.TOOL_DURATION, 20000, "tool", "search", "status", "success");
      String text = PrometheusWriter.write(fixture.snapshot());
      String labels = "status=\"success\",tool=\"search\"";
      assertThat(text).contains("# TYPE victor_tool_duration_ms histogram\n")
          .contains("victor_tool_duration_ms_bucket{" + labels + ",le=\"0\"} 0\n")
          .contains("victor_tool_duration_ms_bucket{" + labels + ",le=\"5\"} 1\n")
          .contains("victor_tool_duration_ms_bucket{" + labels + ",le=\"10\"} 2\n")
          .contains("victor_tool_duration_ms_bucket{" + labels + ",le=\"10000\"} 2\n")
          .contains("victor_tool_duration_ms_bucket{" + labels + ",le=\"+Inf\"} 3\n")
          .contains("victor_tool_duration_ms_sum{" + labels + "} 20010\n")
          .contains("victor_tool_duration_ms_count{" + labels + "} 3\n");
    }
  }

  @Test
  void labelNamesAreEscapedAsTheExportersDo() {
    assertThat(PrometheusWriter.labelName("gen_ai.request.model")).isEqualTo("gen_ai_request_model");
    assertThat(PrometheusWriter.number(0.0005)).isEqualTo("5.0E-4");
    assertThat(PrometheusWriter.number(Double.NaN)).isEqualTo("NaN");
  }
}
