package ai.victor.otel.agent.endpoint;

import java.util.Locale;

/**
 * A health check: one value compared with a warning and a critical threshold. Values that are
 * bad when high (error rates, latency) breach a threshold when above it; values that are bad when
 * low (hit rate, health score) when below it. A threshold of NaN is "none".
 */
final class Check {
  /** The outcome of comparing one value. */
  enum Status {
    OK, WARNING, CRITICAL, NO_DATA;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  final String name;
  final boolean highIsBad;
  final double warning;
  final double critical;
  /** The {@link Traffic} kind whose silence makes the value a lifetime fallback, or null. */
  final String traffic;

  Check(String name, boolean highIsBad, double warning, double critical, String traffic) {
    this.name = name;
    this.highIsBad = highIsBad;
    this.warning = warning;
    this.critical = critical;
    this.traffic = traffic;
  }

  Check withThresholds(double newWarning, double newCritical) {
    return new Check(name, highIsBad, newWarning, newCritical, traffic);
  }

  Status status(double value) {
    if (Double.isNaN(value)) {
      return Status.NO_DATA;
    }
    if (breached(value, critical)) {
      return Status.CRITICAL;
    }
    return breached(value, warning) ? Status.WARNING : Status.OK;
  }

  private boolean breached(double value, double threshold) {
    if (Double.isNaN(threshold)) {
      return false;
    }
    return highIsBad ? value > threshold : value < threshold;
  }

  /** The setting-name form: {@code provider_error_rate} → {@code provider-error-rate}. */
  String settingName() {
    return name.replace('_', '-');
  }
}
