package ai.victor.otel.agent;

import ai.victor.otel.core.config.ConfigSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The performance health score, 0-100: a weighted mean of component scores, each 1 at or better
 * than its target and falling linearly to 0 at its critical threshold. Targets and critical
 * thresholds default to seed 000's "Key Metrics to Monitor Daily"; components without data are
 * left out and the weights of the rest renormalized (docs/health-score.md).
 */
final class HealthScore {
  /** One input of the score. */
  static final class Component {
    final String name;
    final double weight;
    final double target;
    final double critical;

    Component(String name, double weight, double target, double critical) {
      this.name = name;
      this.weight = weight;
      this.target = target;
      this.critical = critical;
    }

    /** 1 at or better than target, 0 at or worse than critical, linear between. */
    double score(double value) {
      double position = (value - critical) / (target - critical);
      return Math.max(0, Math.min(1, position));
    }
  }

  static final String CACHE_HIT_RATE = "cache_hit_rate";
  static final String SELECTION_LATENCY = "tool_selection_latency_p95_ms";
  static final String TOOL_ERROR_RATE = "tool_error_rate";
  static final String TOOL_LATENCY = "tool_latency_p95_ms";
  static final String PROVIDER_ERROR_RATE = "provider_error_rate";
  static final String MEMORY = "memory_bytes";
  static final String CPU = "cpu_percent";

  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private final Map<String, Component> components = new LinkedHashMap<>();

  HealthScore(ConfigSource config) {
    add(config, CACHE_HIT_RATE, 0.15, 0.6, 0.2);
    add(config, SELECTION_LATENCY, 0.15, 1, 5);
    add(config, TOOL_ERROR_RATE, 0.15, 0.01, 0.15);
    add(config, TOOL_LATENCY, 0.15, 500, 5000);
    add(config, PROVIDER_ERROR_RATE, 0.2, 0.01, 0.30);
    add(config, MEMORY, 0.1, 1L << 30, 2L << 30);
    add(config, CPU, 0.1, 60, 95);
  }

  Map<String, Component> components() {
    return components;
  }

  /** Component scores (0-1) for the inputs that have values; NaN inputs are left out. */
  Map<String, Double> componentScores(Map<String, Double> inputs) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Component component : components.values()) {
      Double value = inputs.get(component.name);
      if (value != null && !value.isNaN() && component.weight > 0) {
        scores.put(component.name, component.score(value));
      }
    }
    return scores;
  }

  /** The score, 0-100, over the components that have a score; 100 when none has. */
  double score(Map<String, Double> componentScores) {
    double weighted = 0;
    double weights = 0;
    for (Map.Entry<String, Double> entry : componentScores.entrySet()) {
      double weight = components.get(entry.getKey()).weight;
      weighted += weight * entry.getValue();
      weights += weight;
    }
    return weights == 0 ? 100 : 100 * weighted / weights;
  }

  private void add(ConfigSource config, String name, double weight, double target,
      double critical) {
    String prefix = "victor.otel.health." + name.replace('_', '-') + ".";
    double w = number(config, prefix + "weight", weight);
    double t = number(config, prefix + "target", target);
    double c = number(config, prefix + "critical", critical);
    if (t == c || w < 0) {
      logger.warning("victor-otel: ignoring " + prefix + "*: expected a weight >= 0 and a target"
          + " different from the critical threshold; using the defaults");
      w = weight;
      t = target;
      c = critical;
    }
    components.put(name, new Component(name, w, t, c));
  }

  private static double number(ConfigSource config, String key, double fallback) {
    String value = config.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!Double.isNaN(parsed) && !Double.isInfinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    logger.warning("victor-otel: ignoring " + key + "=" + value + ": expected a finite number"
        + " (using " + fallback + ")");
    return fallback;
  }
}
