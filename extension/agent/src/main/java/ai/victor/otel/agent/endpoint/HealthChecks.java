package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the health checks on a snapshot. The values are the exported series themselves (or,
 * for latency percentiles, the health score's own inputs), so a check never contradicts the
 * dashboard or the health score.
 *
 * <p>Defaults are the seeds' alert thresholds (seed 003's alert groups; seed 002 for provider
 * latency). Readiness is gated by the service-wide value of each readiness check (subject
 * {@code overall}, or the unlabelled series): one failing provider among several that fail over
 * degrades the service but does not make it unready.
 */
final class HealthChecks {
  static final String STARTUP = "startup";
  static final double GIB = 1024.0 * 1024 * 1024;

  static final List<Check> DEFAULTS = Collections.unmodifiableList(Arrays.asList(
      new Check("provider_error_rate", true, 0.10, 0.30, Traffic.PROVIDER),
      new Check("provider_latency_p95_ms", true, 10_000, 15_000, Traffic.PROVIDER),
      new Check("tool_error_rate", true, 0.05, 0.15, Traffic.TOOL),
      new Check("tool_latency_p95_ms", true, 1_000, 5_000, Traffic.TOOL),
      new Check("tool_selection_latency_p95_ms", true, 1, 5, Traffic.SELECTION),
      new Check("cache_hit_rate", false, 0.40, 0.20, Traffic.CACHE),
      new Check("cache_utilization", true, 0.80, 0.95, null),
      new Check("health_score", false, 70, 50, null),
      new Check("memory_bytes", true, GIB, 2 * GIB, null),
      new Check("cpu_percent", true, 80, 95, null),
      new Check("threads", true, 100, Double.NaN, null)));

  /**
   * Only startup gates readiness by default. Provider and tool error rates and the health score
   * measure dependencies every replica shares: gating on them would take every replica out of
   * rotation at once during one provider incident (a partial degradation turned into a total
   * outage) and then flap them back together. They stay in {@code /health} and
   * {@code /health/detailed}, and {@code victor.otel.endpoint.readiness.checks} opts them in.
   */
  static final List<String> DEFAULT_READINESS = Collections.singletonList(STARTUP);

  /** One evaluated check for one subject. */
  static final class Result {
    final String name;
    /** The label that names the subject (provider, tool, namespace), or null service-wide. */
    final String labelKey;
    final String labelValue;
    final double value;
    final double warning;
    final double critical;
    final Check.Status status;
    /** True when the value is a lifetime fallback: its traffic was silent all window. */
    final boolean idle;
    final boolean gatesReadiness;

    Result(String name, String labelKey, String labelValue, double value, double warning,
        double critical, Check.Status status, boolean idle, boolean gatesReadiness) {
      this.name = name;
      this.labelKey = labelKey;
      this.labelValue = labelValue;
      this.value = value;
      this.warning = warning;
      this.critical = critical;
      this.status = status;
      this.idle = idle;
      this.gatesReadiness = gatesReadiness;
    }

    /** Gates readiness and is failing now. */
    boolean failsReadiness() {
      return gatesReadiness && status == Check.Status.CRITICAL;
    }
  }

  /** All results of one snapshot, and what they mean for readiness and overall status. */
  static final class Evaluation {
    final List<Result> results;

    Evaluation(List<Result> results) {
      this.results = Collections.unmodifiableList(results);
    }

    boolean ready() {
      return failedReadiness().isEmpty();
    }

    List<Result> failedReadiness() {
      List<Result> failed = new ArrayList<>();
      for (Result result : results) {
        if (result.failsReadiness()) {
          failed.add(result);
        }
      }
      return failed;
    }

    /** {@code unhealthy} when not ready, {@code degraded} when any check warns or is critical. */
    String status() {
      if (!ready()) {
        return "unhealthy";
      }
      for (Result result : results) {
        if (result.status == Check.Status.WARNING || result.status == Check.Status.CRITICAL) {
          return "degraded";
        }
      }
      return "healthy";
    }
  }

  private final Map<String, Check> checks;
  private final Set<String> readiness;
  private final boolean startupConfigured;

  HealthChecks(Map<String, Check> checks, Set<String> readiness, boolean startupConfigured) {
    this.checks = checks;
    this.readiness = readiness;
    this.startupConfigured = startupConfigured;
  }

  Evaluation evaluate(Snapshot snapshot) {
    List<Result> results = new ArrayList<>();
    results.add(startup(snapshot));
    labelled(results, snapshot, "provider_error_rate", Metric.PROVIDER_ERROR_RATE,
        Labels.PROVIDER);
    single(results, snapshot, "provider_latency_p95_ms",
        snapshot.healthInput(SnapshotReader.PROVIDER_LATENCY_INPUT));
    labelled(results, snapshot, "tool_error_rate", Metric.TOOL_ERROR_RATE, Labels.TOOL);
    single(results, snapshot, "tool_latency_p95_ms",
        snapshot.healthInput("tool_latency_p95_ms"));
    single(results, snapshot, "tool_selection_latency_p95_ms",
        snapshot.healthInput("tool_selection_latency_p95_ms"));
    labelled(results, snapshot, "cache_hit_rate", Metric.CACHE_HIT_RATE, Labels.NAMESPACE);
    labelled(results, snapshot, "cache_utilization", Metric.CACHE_UTILIZATION, Labels.NAMESPACE);
    single(results, snapshot, "health_score", snapshot.gauge(Metric.HEALTH_SCORE));
    single(results, snapshot, "memory_bytes", snapshot.gauge(Metric.SYSTEM_MEMORY));
    single(results, snapshot, "cpu_percent", snapshot.gauge(Metric.SYSTEM_CPU));
    single(results, snapshot, "threads", snapshot.gauge(Metric.SYSTEM_THREADS));
    return new Evaluation(results);
  }

  /**
   * Startup has finished when the bootstrap signal says so. Without a startup target there is no
   * signal, and the extension cannot tell: the check passes.
   */
  private Result startup(Snapshot snapshot) {
    double inProgress = snapshot.gauge(Metric.BOOTSTRAP_IN_PROGRESS);
    Check.Status status;
    if (!startupConfigured) {
      status = Check.Status.OK;
    } else {
      status = inProgress == 0 ? Check.Status.OK : Check.Status.CRITICAL;
    }
    return new Result(STARTUP, null, null, inProgress, Double.NaN, 1, status, false,
        readiness.contains(STARTUP));
  }

  private void single(List<Result> results, Snapshot snapshot, String name, double value) {
    results.add(result(snapshot, checks.get(name), null, null, value));
  }

  /** The service-wide subject ({@code overall}) first, then one result per label value. */
  private void labelled(List<Result> results, Snapshot snapshot, String name, Metric metric,
      String labelKey) {
    Check check = checks.get(name);
    Map<String, Double> values = snapshot.gaugeBy(metric, labelKey);
    Double overall = values.remove(Labels.OVERALL);
    if (overall != null || check.traffic != null) {
      results.add(result(snapshot, check, labelKey, Labels.OVERALL,
          overall == null ? Double.NaN : overall));
    }
    for (Map.Entry<String, Double> entry : values.entrySet()) {
      results.add(result(snapshot, check, labelKey, entry.getKey(), entry.getValue()));
    }
  }

  private Result result(Snapshot snapshot, Check check, String labelKey, String labelValue,
      double value) {
    boolean serviceWide = labelKey == null || Labels.OVERALL.equals(labelValue);
    boolean idle = check.traffic != null && !snapshot.active(check.traffic);
    if (check.name.equals("health_score")) {
      // Its rate inputs fall back to lifetime values too; silent only when all work stopped.
      idle = !snapshot.active(Traffic.PROVIDER) && !snapshot.active(Traffic.TOOL)
          && !snapshot.active(Traffic.SELECTION) && !snapshot.active(Traffic.CACHE);
    }
    boolean gates = serviceWide && !idle && readiness.contains(check.name);
    return new Result(check.name, labelKey, labelValue, value, check.warning, check.critical,
        check.status(value), idle, gates);
  }
}
