package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.core.config.ConfigSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthScoreTest {
  private static final HealthScore DEFAULTS = new HealthScore(ConfigSource.of(Map.of()));

  private static double component(HealthScore health, String name, double value) {
    return health.componentScores(Map.of(name, value)).get(name);
  }

  @Test
  void defaultsCoverEveryComponentWithWeightsSummingToOne() {
    assertThat(DEFAULTS.components().keySet()).containsExactly("cache_hit_rate",
        "tool_selection_latency_p95_ms", "tool_error_rate", "tool_latency_p95_ms",
        "provider_error_rate", "memory_bytes", "cpu_percent");
    double weights = DEFAULTS.components().values().stream().mapToDouble(c -> c.weight).sum();
    assertThat(weights).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void higherIsBetterScoresLinearlyFromCriticalToTarget() {
    // cache hit rate: target 0.6, critical 0.2
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.9)).isEqualTo(1.0);
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.6)).isCloseTo(1.0, within(1e-9));
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.4)).isCloseTo(0.5, within(1e-9));
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.3)).isCloseTo(0.25, within(1e-9));
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.2)).isCloseTo(0.0, within(1e-9));
    assertThat(component(DEFAULTS, "cache_hit_rate", 0.0)).isEqualTo(0.0);
  }

  @Test
  void lowerIsBetterScoresLinearlyFromCriticalToTarget() {
    // tool error rate: target 0.01, critical 0.15
    assertThat(component(DEFAULTS, "tool_error_rate", 0.0)).isEqualTo(1.0);
    assertThat(component(DEFAULTS, "tool_error_rate", 0.08)).isCloseTo(0.5, within(1e-9));
    assertThat(component(DEFAULTS, "tool_error_rate", 0.15)).isCloseTo(0.0, within(1e-9));
    assertThat(component(DEFAULTS, "tool_error_rate", 0.9)).isEqualTo(0.0);
    // selection latency P95: target 1 ms, critical 5 ms
    assertThat(component(DEFAULTS, "tool_selection_latency_p95_ms", 0.3)).isEqualTo(1.0);
    assertThat(component(DEFAULTS, "tool_selection_latency_p95_ms", 3)).isCloseTo(0.5,
        within(1e-9));
    assertThat(component(DEFAULTS, "tool_selection_latency_p95_ms", 4)).isCloseTo(0.25,
        within(1e-9));
    // memory: 1 GiB target, 2 GiB critical
    assertThat(component(DEFAULTS, "memory_bytes", 1.5 * (1L << 30))).isCloseTo(0.5,
        within(1e-9));
    // cpu: 60 target, 95 critical
    assertThat(component(DEFAULTS, "cpu_percent", 77.5)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void theScoreRenormalizesOverTheComponentsThatHaveData() {
    assertThat(DEFAULTS.score(DEFAULTS.componentScores(Map.of("cache_hit_rate", 0.4))))
        .isCloseTo(50.0, within(1e-9));
    // cache 1.0 (weight 0.15) and provider error rate at critical (0, weight 0.2)
    Map<String, Double> scores = DEFAULTS.componentScores(
        Map.of("cache_hit_rate", 1.0, "provider_error_rate", 0.30));
    assertThat(DEFAULTS.score(scores)).isCloseTo(100 * 0.15 / 0.35, within(1e-9));
  }

  @Test
  void allComponentsPerfectIsOneHundredAndAllCriticalIsZero() {
    Map<String, Double> perfect = Map.of("cache_hit_rate", 1.0,
        "tool_selection_latency_p95_ms", 0.5, "tool_error_rate", 0.0,
        "tool_latency_p95_ms", 100.0, "provider_error_rate", 0.0, "memory_bytes", 1e6,
        "cpu_percent", 5.0);
    assertThat(DEFAULTS.componentScores(perfect)).hasSize(7);
    assertThat(DEFAULTS.score(DEFAULTS.componentScores(perfect))).isCloseTo(100, within(1e-9));
    Map<String, Double> critical = Map.of("cache_hit_rate", 0.0,
        "tool_selection_latency_p95_ms", 50.0, "tool_error_rate", 1.0,
        "tool_latency_p95_ms", 60000.0, "provider_error_rate", 1.0, "memory_bytes", 8e9,
        "cpu_percent", 100.0);
    assertThat(DEFAULTS.score(DEFAULTS.componentScores(critical))).isCloseTo(0, within(1e-9));
  }

  @Test
  void missingAndNaNInputsAreLeftOut() {
    Map<String, Double> inputs = new HashMap<>();
    inputs.put("cache_hit_rate", null);
    inputs.put("tool_latency_p95_ms", Double.NaN);
    inputs.put("tool_error_rate", 0.08);
    Map<String, Double> scores = DEFAULTS.componentScores(inputs);
    assertThat(scores).containsOnlyKeys("tool_error_rate");
    assertThat(DEFAULTS.score(scores)).isCloseTo(50, within(1e-9));
    assertThat(DEFAULTS.score(DEFAULTS.componentScores(Map.of()))).isEqualTo(100);
  }

  @Test
  void settingsOverrideTargetCriticalAndWeight() {
    HealthScore health = new HealthScore(ConfigSource.of(Map.of(
        "victor.otel.health.cache-hit-rate.target", "0.9",
        "victor.otel.health.cache-hit-rate.critical", "0.5",
        "victor.otel.health.cache-hit-rate.weight", "3",
        "victor.otel.health.tool-selection-latency-p95-ms.target", "10",
        "victor.otel.health.tool-selection-latency-p95-ms.critical", "20")));
    HealthScore.Component cache = health.components().get("cache_hit_rate");
    assertThat(cache.target).isEqualTo(0.9);
    assertThat(cache.critical).isEqualTo(0.5);
    assertThat(cache.weight).isEqualTo(3.0);
    assertThat(component(health, "cache_hit_rate", 0.7)).isCloseTo(0.5, within(1e-9));
    assertThat(component(health, "tool_selection_latency_p95_ms", 15)).isCloseTo(0.5,
        within(1e-9));
    // cache at 1.0 with weight 3, provider error rate at critical with weight 0.2
    Map<String, Double> scores = health.componentScores(
        Map.of("cache_hit_rate", 1.0, "provider_error_rate", 0.5));
    assertThat(health.score(scores)).isCloseTo(100 * 3 / 3.2, within(1e-9));
  }

  @Test
  void aZeroWeightLeavesTheComponentOut() {
    HealthScore health = new HealthScore(ConfigSource.of(Map.of(
        "victor.otel.health.cpu-percent.weight", "0")));
    Map<String, Double> scores = health.componentScores(Map.of("cpu_percent", 99.0,
        "tool_error_rate", 0.0));
    assertThat(scores).containsOnlyKeys("tool_error_rate");
    assertThat(health.score(scores)).isEqualTo(100);
  }

  @Test
  void badNumbersFallBackToTheDefaults() {
    HealthScore health = new HealthScore(ConfigSource.of(Map.of(
        "victor.otel.health.cache-hit-rate.target", "high",
        "victor.otel.health.cache-hit-rate.weight", "0.5",
        "victor.otel.health.tool-error-rate.target", "0.1",
        "victor.otel.health.tool-error-rate.critical", "0.1",
        "victor.otel.health.provider-error-rate.weight", "-1",
        "victor.otel.health.provider-error-rate.target", "0.2")));
    HealthScore.Component cache = health.components().get("cache_hit_rate");
    assertThat(cache.target).isEqualTo(0.6); // unparsable: this value falls back
    assertThat(cache.weight).isEqualTo(0.5); // the valid override of the same component stays
    // target == critical: the component keeps all its defaults
    HealthScore.Component tool = health.components().get("tool_error_rate");
    assertThat(tool.target).isEqualTo(0.01);
    assertThat(tool.critical).isEqualTo(0.15);
    // a negative weight: likewise
    HealthScore.Component provider = health.components().get("provider_error_rate");
    assertThat(provider.weight).isEqualTo(0.2);
    assertThat(provider.target).isEqualTo(0.01);
  }
}
