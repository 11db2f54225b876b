package ai.victor.otel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {

  @Test
  void seedNamesAreKeptExactly() {
    assertThat(Metric.TOOL_DURATION.prometheusName()).isEqualTo("victor_tool_duration_ms");
    assertThat(Metric.PROVIDER_LATENCY.prometheusName()).isEqualTo("victor_provider_latency_ms");
    assertThat(Metric.CACHE_HIT_RATE.prometheusName()).isEqualTo("victor_cache_hit_rate");
    assertThat(Metric.SYSTEM_CPU.prometheusName()).isEqualTo("victor_system_cpu_percent");
    assertThat(Metric.SELECTION_LATENCY.prometheusName())
        .isEqualTo("victor_tool_selection_latency_ms");
    assertThat(Metric.CACHE_LATENCY.prometheusName())
        .isEqualTo("victor_cache_operation_latency_ms");
  }

  @Test
  void translationExamples() {
    assertThat(Metric.CACHE_OPERATIONS.prometheusName()).isEqualTo("victor_cache_operations_total");
    assertThat(Metric.EXTENSION_FAILURES.prometheusName()).isEqualTo("victor_otel_failures_total");
    assertThat(Metric.SYSTEM_MEMORY.prometheusName()).isEqualTo("victor_system_memory_bytes");
    assertThat(Metric.CACHE_MEMORY.prometheusName()).isEqualTo("victor_cache_memory_bytes");
    assertThat(Metric.SYSTEM_UPTIME.prometheusName()).isEqualTo("victor_system_uptime_seconds");
    assertThat(Metric.GENAI_DURATION.prometheusName())
        .isEqualTo("gen_ai_client_operation_duration_seconds");
    assertThat(Metric.GENAI_TOKENS.prometheusName()).isEqualTo("gen_ai_client_token_usage");
    assertThat(Metric.TOOL_CONCURRENT.prometheusName())
        .isEqualTo("victor_tool_concurrent_executions");
    assertThat(Metric.HEALTH_SCORE.prometheusName())
        .isEqualTo("victor_performance_health_score");
  }

  @Test
  void everyNameFollowsTheTranslationRules() {
    for (Metric metric : Metric.values()) {
      String name = metric.prometheusName();
      assertThat(name).as(metric.name()).matches("[a-zA-Z_:][a-zA-Z0-9_:]*").doesNotContain("__");
      assertThat(name).as(metric.name())
          .startsWith(metric.otelName().replace('.', '_'));
      if (metric.type() == Metric.Type.COUNTER) {
        assertThat(name).as(metric.name()).endsWith("_total");
      } else {
        assertThat(name).as(metric.name()).doesNotEndWith("_total");
      }
      String base = metric.type() == Metric.Type.COUNTER
          ? name.substring(0, name.length() - "_total".length()) : name;
      if (metric.unit().equals("By")) {
        assertThat(base).as(metric.name()).endsWith("_bytes");
      } else if (metric.unit().equals("s")) {
        assertThat(base).as(metric.name()).endsWith("_seconds");
      } else {
        assertThat(base).as(metric.name()).isEqualTo(metric.otelName().replace('.', '_'));
      }
    }
  }

  @Test
  void unitsAreOnlyTheOnesBothExportersTranslateAlike() {
    for (Metric metric : Metric.values()) {
      String unit = metric.unit();
      assertThat(unit.isEmpty() || unit.equals("By") || unit.equals("s")
          || unit.matches("\\{[a-z_]+\\}")).as(metric + " unit '" + unit + "'").isTrue();
      if (metric.otelName().endsWith("_ms") || metric.otelName().endsWith("_percent")
          || metric.otelName().endsWith("_rate") || metric.otelName().endsWith("utilization")) {
        assertThat(unit).as(metric.name()).isEmpty();
      }
    }
  }

  @Test
  void namesAreUniqueAndFoundByOtelName() {
    Set<String> otelNames = new HashSet<String>();
    Set<String> prometheusNames = new HashSet<String>();
    for (Metric metric : Metric.values()) {
      assertThat(otelNames.add(metric.otelName())).as(metric.otelName()).isTrue();
      assertThat(prometheusNames.add(metric.prometheusName())).as(metric.prometheusName())
          .isTrue();
      assertThat(Metric.byOtelName(metric.otelName())).isSameAs(metric);
      assertThat(metric.description()).isNotBlank();
    }
    assertThat(Metric.byOtelName("victor.nothing")).isNull();
  }

  @Test
  void histogramsAndOnlyHistogramsHaveIncreasingBuckets() {
    for (Metric metric : Metric.values()) {
      List<Double> buckets = metric.buckets();
      if (metric.type() != Metric.Type.HISTOGRAM) {
        assertThat(buckets).as(metric.name()).isEmpty();
        continue;
      }
      assertThat(buckets).as(metric.name()).isNotEmpty();
      for (int i = 1; i < buckets.size(); i++) {
        assertThat(buckets.get(i)).as(metric.name()).isGreaterThan(buckets.get(i - 1));
      }
    }
  }

  @Test
  void longHistogramsHaveWholeNumberBuckets() {
    // Recorded as long histograms: their bucket advice is truncated to longs.
    for (Metric metric : Arrays.asList(Metric.SELECTION_TOOLS, Metric.GENAI_TOKENS)) {
      for (double bucket : metric.buckets()) {
        assertThat(bucket).as(metric.name()).isEqualTo(Math.rint(bucket));
      }
    }
  }

  @Test
  void alertThresholdsAreBucketBoundaries() {
    assertThat(Metric.SELECTION_LATENCY.buckets()).contains(1.0, 5.0);
    assertThat(Metric.TOOL_DURATION.buckets()).contains(500.0, 1000.0, 5000.0);
    assertThat(Metric.PROVIDER_LATENCY.buckets()).contains(10000.0);
  }

  @Test
  void labelsAreTheCatalogKeys() {
    assertThat(Metric.CACHE_OPERATIONS.labels()).containsExactly("namespace", "operation", "cause");
    assertThat(Metric.TOOL_DURATION.labels()).containsExactly("tool", "status");
    assertThat(Metric.PROVIDER_ERRORS.labels()).containsExactly("provider", "model", "error_type",
        "tenant");
    assertThat(Metric.GENAI_TOKENS.labels()).containsExactly("gen_ai.operation.name",
        "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model", "server.address",
        "server.port", "gen_ai.token.type");
    assertThat(Metric.EXTENSION_FAILURES.labels()).containsExactly("role");
    for (Metric metric : Metric.values()) {
      for (String label : metric.labels()) {
        assertThat(label).as(metric.name()).matches("[a-z_][a-z0-9_.]*");
      }
    }
  }

  @Test
  void theScopeVersionIsTheProjectVersion() {
    org.assertj.core.api.Assertions.assertThat(ai.victor.otel.core.recording.Telemetry.VERSION)
        .isEqualTo(System.getProperty("project.version"));
  }
}
