package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import ai.victor.otel.core.config.ConfigSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
  private static HealthChecks checks(Map<String, String> settings, boolean startup) {
    EndpointSettings parsed = EndpointSettings.load(ConfigSource.of(settings));
    assertThat(parsed.problems()).isEmpty();
    return new HealthChecks(parsed.checks(), parsed.readinessChecks(), startup);
  }

  private static HealthChecks.Result find(HealthChecks.Evaluation evaluation, String check,
      String subject) {
    return evaluation.results.stream()
        .filter(r -> r.name.equals(check) && (subject == null ? r.labelValue == null
            : subject.equals(r.labelValue)))
        .findFirst().orElseThrow(() -> new AssertionError(check + " " + subject));
  }

  /** The checks the default readiness left out, opted in as a single replica may want them. */
  private static final Map<String, String> GATED = Map.of("victor.otel.endpoint.readiness.checks",
      "startup, provider_error_rate, tool_error_rate, health_score");

  /** Traffic on every kind, so that the rate checks are live. */
  private static Fixture busy(Fixture fixture) {
    return fixture.record(Metric.PROVIDER_LATENCY, 10, "provider", "openai")
        .record(Metric.TOOL_DURATION, 10, "tool", "search", "status", "success")
        .record(Metric.SELECTION_LATENCY, 0.1)
        .count(Metric.CACHE_OPERATIONS, 1, "namespace", "q", "operation", "hit");
  }

  @Test
  void healthyWithTheSeedDefaults() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.PROVIDER_ERROR_RATE, 0.05, "provider", "overall")
          .gauge(Metric.TOOL_ERROR_RATE, 0.01, "tool", "overall")
          .gauge(Metric.HEALTH_SCORE, 95)
          .gauge(Metric.BOOTSTRAP_IN_PROGRESS, 0);
      HealthChecks.Evaluation evaluation = checks(Map.of(), true).evaluate(fixture.snapshot());
      assertThat(evaluation.ready()).isTrue();
      assertThat(evaluation.status()).isEqualTo("healthy");
      HealthChecks.Result provider = find(evaluation, "provider_error_rate", "overall");
      assertThat(provider.warning).isEqualTo(0.10);
      assertThat(provider.critical).isEqualTo(0.30);
      assertThat(provider.gatesReadiness).as("a shared dependency gates no replica by default")
          .isFalse();
      assertThat(find(evaluation, "memory_bytes", null).status).isEqualTo(Check.Status.NO_DATA);
    }
  }

  @Test
  void aSharedProviderOutageDegradesButKeepsEveryReplicaReadyByDefault() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.PROVIDER_ERROR_RATE, 1.0, "provider", "overall")
          .gauge(Metric.TOOL_ERROR_RATE, 1.0, "tool", "overall")
          .gauge(Metric.HEALTH_SCORE, 10)
          .gauge(Metric.BOOTSTRAP_IN_PROGRESS, 0);
      HealthChecks.Evaluation evaluation = checks(Map.of(), true).evaluate(fixture.snapshot());
      assertThat(evaluation.ready()).isTrue();
      assertThat(evaluation.status()).isEqualTo("degraded");
      assertThat(find(evaluation, "provider_error_rate", "overall").status)
          .isEqualTo(Check.Status.CRITICAL);
      assertThat(evaluation.results).filteredOn(r -> r.gatesReadiness).extracting(r -> r.name)
          .containsExactly("startup");
    }
  }

  @Test
  void aCriticalServiceWideRateFailsOptedInReadinessAndSaysWhich() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.PROVIDER_ERROR_RATE, 0.31, "provider", "overall")
          .gauge(Metric.TOOL_ERROR_RATE, 0.06, "tool", "overall");
      HealthChecks.Evaluation evaluation = checks(GATED, false).evaluate(fixture.snapshot());
      assertThat(evaluation.ready()).isFalse();
      assertThat(evaluation.status()).isEqualTo("unhealthy");
      assertThat(evaluation.failedReadiness()).extracting(r -> r.name)
          .containsExactly("provider_error_rate");
      assertThat(find(evaluation, "tool_error_rate", "overall").status)
          .isEqualTo(Check.Status.WARNING);
    }
  }

  @Test
  void oneFailingProviderDegradesButKeepsReady() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.PROVIDER_ERROR_RATE, 0.05, "provider", "overall")
          .gauge(Metric.PROVIDER_ERROR_RATE, 1.0, "provider", "openai");
      HealthChecks.Evaluation evaluation = checks(GATED, false).evaluate(fixture.snapshot());
      HealthChecks.Result openai = find(evaluation, "provider_error_rate", "openai");
      assertThat(openai.status).isEqualTo(Check.Status.CRITICAL);
      assertThat(openai.gatesReadiness).isFalse();
      assertThat(evaluation.ready()).isTrue();
      assertThat(evaluation.status()).isEqualTo("degraded");
    }
  }

  @Test
  void aRateWithoutTrafficInTheWindowStopsGatingReadiness() throws Exception {
    try (Fixture fixture = new Fixture(50)) {
      busy(fixture).gauge(Metric.PROVIDER_ERROR_RATE, 0.9, "provider", "overall");
      HealthChecks checks = checks(GATED, false);
      assertThat(checks.evaluate(fixture.snapshot()).ready()).isFalse();
      Thread.sleep(120); // the window passes with no new provider call
      HealthChecks.Evaluation idle = checks.evaluate(fixture.snapshot());
      HealthChecks.Result provider = find(idle, "provider_error_rate", "overall");
      assertThat(provider.idle).isTrue();
      assertThat(provider.status).isEqualTo(Check.Status.CRITICAL);
      assertThat(idle.ready()).as("a pod out of rotation must be able to come back").isTrue();
      fixture.record(Metric.PROVIDER_LATENCY, 10, "provider", "openai");
      assertThat(checks.evaluate(fixture.snapshot()).ready()).isFalse();
    }
  }

  @Test
  void startupGatesReadinessOnlyWhenAStartupTargetIsConfigured() {
    try (Fixture fixture = new Fixture()) {
      fixture.gauge(Metric.BOOTSTRAP_IN_PROGRESS, 1);
      assertThat(checks(Map.of(), true).evaluate(fixture.snapshot()).failedReadiness())
          .extracting(r -> r.name).containsExactly("startup");
      assertThat(checks(Map.of(), false).evaluate(fixture.snapshot()).ready()).isTrue();
      fixture.gauge(Metric.BOOTSTRAP_IN_PROGRESS, 0);
      assertThat(checks(Map.of(), true).evaluate(fixture.snapshot()).ready()).isTrue();
    }
    try (Fixture noSignal = new Fixture()) {
      assertThat(checks(Map.of(), true).evaluate(noSignal.snapshot()).ready())
          .as("a configured startup that never signalled has not finished").isFalse();
    }
  }

  @Test
  void thresholdsAndReadinessChecksAreConfigurable() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.CACHE_HIT_RATE, 0.3, "namespace", "overall")
          .gauge(Metric.PROVIDER_ERROR_RATE, 0.5, "provider", "overall")
          .gauge(Metric.SYSTEM_THREADS, 150);
      HealthChecks checks = checks(Map.of(
          "victor.otel.endpoint.check.cache-hit-rate.critical", "0.35",
          "victor.otel.endpoint.check.threads.warning", "none",
          "victor.otel.endpoint.readiness.checks", "startup, cache-hit-rate"), false);
      HealthChecks.Evaluation evaluation = checks.evaluate(fixture.snapshot());
      assertThat(evaluation.failedReadiness()).extracting(r -> r.name)
          .containsExactly("cache_hit_rate");
      assertThat(find(evaluation, "threads", null).status).isEqualTo(Check.Status.OK);
      assertThat(find(evaluation, "provider_error_rate", "overall").gatesReadiness).isFalse();
    }
  }

  @Test
  void everyCheckHasASubjectPerLabelValue() {
    try (Fixture fixture = busy(new Fixture())) {
      fixture.gauge(Metric.CACHE_UTILIZATION, 0.96, "namespace", "query")
          .gauge(Metric.CACHE_UTILIZATION, 0.5, "namespace", "rl")
          .gauge(Metric.TOOL_ERROR_RATE, 0.2, "tool", "weather");
      HealthChecks.Evaluation evaluation = checks(Map.of(), false).evaluate(fixture.snapshot());
      List<String> utilization = evaluation.results.stream()
          .filter(r -> r.name.equals("cache_utilization"))
          .map(r -> r.labelValue + "=" + r.status.json()).collect(Collectors.toList());
      assertThat(utilization).containsExactly("query=critical", "rl=ok");
      assertThat(find(evaluation, "tool_error_rate", "weather").status)
          .isEqualTo(Check.Status.CRITICAL);
      assertThat(find(evaluation, "tool_error_rate", "overall").status)
          .as("no overall series yet").isEqualTo(Check.Status.NO_DATA);
    }
  }
}
