package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import ai.victor.otel.core.config.ConfigSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bodies carry the series' values, sums over the right points, and the documented keys. */
class ResponsesTest {
  private static Routes routes(Fixture fixture) {
    return routes(fixture, Map.of());
  }

  private static Routes routes(Fixture fixture, Map<String, String> config) {
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(config));
    Map<String, double[]> components = new LinkedHashMap<>();
    components.put("provider_error_rate", new double[] {0.01, 0.30, 0.2});
    return new Routes(fixture.reader,
        new HealthChecks(settings.checks(), settings.readinessChecks(), false),
        new Responses(components));
  }

  @Test
  void providersSumOverModelsAndSplitErrorsByType() {
    try (Fixture fixture = new Fixture()) {
      fixture.count(Metric.PROVIDER_REQUESTS, 7, "provider", "openai", "model", "a")
          .count(Metric.PROVIDER_REQUESTS, 3, "provider", "openai", "model", "b")
          .count(Metric.PROVIDER_ERRORS, 2, "provider", "openai", "model", "a", "error_type",
              "timeout")
          .gauge(Metric.PROVIDER_HEALTH, 0.4, "provider", "openai")
          .gauge(Metric.PROVIDER_ERROR_RATE, 0.6, "provider", "openai")
          .gauge(Metric.PROVIDER_ERROR_RATE, 0.2, "provider", "overall");
      fixture.healthInputs.put(SnapshotReader.PROVIDER_LATENCY_INPUT, 42.0);
      Routes.Response response = routes(fixture).handle(Routes.PROVIDERS);
      assertThat(response.status).isEqualTo(200);
      assertThat(response.contentType).isEqualTo("application/json; charset=utf-8");
      assertThat(response.body).startsWith("{\"schemaVersion\":1,\"collectedAt\":\"")
          .contains("\"overall\":{\"errorRate\":0.2,\"requests\":10,\"errors\":2,"
              + "\"latencyP95Ms\":42}")
          .contains("\"unhealthy\":[\"openai\"]")
          .contains("{\"provider\":\"openai\",\"health\":0.4,\"errorRate\":0.6,\"requests\":10,"
              + "\"errors\":2,\"errorsByType\":{\"timeout\":2},\"models\":[\"a\",\"b\"]");
    }
  }

  @Test
  void detailedShowsScoreComponentsWithThresholds() {
    try (Fixture fixture = new Fixture()) {
      fixture.gauge(Metric.HEALTH_SCORE, 80)
          .gauge(Metric.HEALTH_COMPONENT, 0.5, "component", "provider_error_rate");
      fixture.healthInputs.put("provider_error_rate", 0.155);
      Routes.Response response = routes(fixture).handle(Routes.DETAILED);
      assertThat(response.body).contains("\"healthScore\":{\"value\":80,\"components\":[{"
          + "\"component\":\"provider_error_rate\",\"input\":0.155,\"score\":0.5,"
          + "\"target\":0.01,\"critical\":0.3,\"weight\":0.2}]}");
    }
  }

  @Test
  void healthAndReadinessAnswer503WhenNotReady() {
    try (Fixture fixture = new Fixture()) {
      fixture.record(Metric.TOOL_DURATION, 1, "tool", "t", "status", "error")
          .gauge(Metric.TOOL_ERROR_RATE, 1.0, "tool", "overall");
      assertThat(routes(fixture).handle(Routes.READY).status).as("not a default readiness check")
          .isEqualTo(200);
      Routes routes = routes(fixture,
          Map.of("victor.otel.endpoint.readiness.checks", "startup, tool_error_rate"));
      Routes.Response ready = routes.handle(Routes.READY);
      assertThat(ready.status).isEqualTo(503);
      assertThat(ready.body).contains("\"status\":\"not_ready\",\"ready\":false,\"failed\":[{"
          + "\"check\":\"tool_error_rate\",\"labels\":{\"tool\":\"overall\"},\"value\":1,"
          + "\"warning\":0.05,\"critical\":0.15,\"status\":\"critical\",\"idle\":false,"
          + "\"readiness\":true}]");
      assertThat(routes.handle(Routes.HEALTH).status).isEqualTo(503);
      assertThat(routes.handle(Routes.DETAILED).status).isEqualTo(200);
      assertThat(routes.handle(Routes.LIVE).status).isEqualTo(200);
      assertThat(routes.handle("/health/")).isNull();
    }
  }

  @Test
  void isoTimestampsAreUtcWithMillis() {
    assertThat(Responses.iso(0)).isEqualTo("1970-01-01T00:00:00.000Z");
  }
}
