package ai.victor.otel.smoke.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample agent under the oldest supported agent and one between it and the pinned one (which
 * SampleAgentSmokeTest and every other smoke test run): one forked run per agent, exporting over
 * OTLP and serving the agent's own Prometheus endpoint at once, so that one run shows both that
 * the victor series are exact and that the agent's own metrics are still served.
 *
 * <p>On agent 2.10.0 the derived series used to throw NoSuchMethodError on the Prometheus scrape
 * thread, and the agent served no metric at all.
 */
class AgentMatrixSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REQUESTS = 100;

  static Stream<String> agents() {
    return Stream.of(System.getProperty("victor.agent.oldest"),
        System.getProperty("victor.agent.middle"));
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agents")
  void theSampleIsExactAndTheAgentsOwnMetricsAreServed(String version) {
    Path agent = Path.of(System.getProperty("victor.agents.dir"),
        "opentelemetry-javaagent-" + version + ".jar");
    int prometheusPort = FreePort.find();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("agent-" + version, receiver, agent)
            .systemProperty("otel.metrics.exporter", "otlp,prometheus")
            .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
            .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
            .args("--load=" + REQUESTS, "--concurrency=4")
            .start()) {
      app.awaitPort(Duration.ofSeconds(120));
      assertThat(app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180)))
          .contains("ok=" + REQUESTS);
      MetricsView metrics = receiver.awaitMetrics(view ->
          count(view, "victor.tool_selection.latency_ms") >= REQUESTS
              && view.find("victor.performance.health_score").isPresent(), WAIT);

      assertThat(app.logLines()).anyMatch(line -> line.contains("version: " + version));
      assertThat(count(metrics, "victor.tool_selection.latency_ms")).isEqualTo(REQUESTS);
      assertThat(count(metrics, "victor.provider.latency_ms")).isGreaterThanOrEqualTo(REQUESTS);
      assertThat(count(metrics, "victor.tool.duration_ms")).isPositive();
      assertThat(metrics.find("victor.cache.hit_rate")).isPresent();
      assertThat(sum(metrics, "victor.otel.failures")).isZero();

      PrometheusText scrape = PrometheusText.scrape(
          "http://127.0.0.1:" + prometheusPort + "/metrics");
      assertThat(scrape.sampleNames()).as("the agent's own JVM metrics")
          .anyMatch(name -> name.startsWith("jvm_"));
      assertThat(scrape.sampleNames()).contains("victor_performance_health_score",
          "victor_cache_hit_rate");
      assertThat(scrape.samples("victor_tool_selection_latency_ms_count").stream()
          .mapToDouble(PrometheusText.Sample::value).sum()).isEqualTo(REQUESTS);

      List<String> problems = app.logLines().stream()
          .filter(line -> line.contains("victor-otel:") || line.contains("NoSuchMethodError")
              || (line.contains("ai.victor.otel") && line.contains("Exception")))
          .toList();
      assertThat(problems).isEmpty();
    }
  }

  private static long count(MetricsView metrics, String name) {
    return metrics.find(name)
        .map(m -> m.pointsWith(Map.of()).stream().mapToLong(MetricsView.Point::count).sum())
        .orElse(0L);
  }

  private static long sum(MetricsView metrics, String name) {
    return metrics.find(name)
        .map(m -> m.pointsWith(Map.of()).stream().mapToLong(p -> Math.round(p.value())).sum())
        .orElse(0L);
  }
}
