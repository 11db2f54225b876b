package ai.victor.otel.smoke.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample under the pinned agent configured declaratively ({@code otel.config.file}). The agent
 * then applies no {@code AutoConfigurationCustomizerProvider}, so the derived series, the health
 * score and the endpoint cannot be hooked in: the recorded series must still arrive, exact, and
 * the extension must say once, naming the setting, what is missing (docs/configuration.md,
 * "Declarative configuration").
 */
class DeclarativeConfigSmokeTest {
  private static final int REQUESTS = 50;

  @Test
  void recordedSeriesArriveAndTheMissingDerivedSeriesAreWarnedOnce(@TempDir Path dir)
      throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path yaml = Files.writeString(dir.resolve("otel-config.yaml"), String.join("\n",
          "file_format: '1.0'",
          "resource:",
          "  attributes:",
          "    - name: service.name",
          "      value: sample-agent",
          "meter_provider:",
          "  readers:",
          "    - periodic:",
          "        interval: 1000",
          "        exporter:",
          "          otlp_http:",
          "            endpoint: " + receiver.endpoint() + "/v1/metrics",
          ""));
      try (ForkedApp app = ForkedApp.sampleUnderAgent("declarative-config", receiver)
          .systemProperty("otel.config.file", yaml.toString())
          .args("--load=" + REQUESTS, "--concurrency=2")
          .start()) {
        app.awaitPort(Duration.ofSeconds(120));
        app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180));
        MetricsView metrics = receiver.awaitMetrics(view -> view.find(
            "victor.tool_selection.latency_ms").map(m -> m.pointsWith(Map.of()).stream()
            .mapToLong(MetricsView.Point::count).sum() >= REQUESTS).orElse(false),
            Duration.ofSeconds(60));

        assertThat(metrics.find("victor.tool_selection.latency_ms").orElseThrow()
            .pointsWith(Map.of()).stream().mapToLong(MetricsView.Point::count).sum())
            .isEqualTo(REQUESTS);
        assertThat(metrics.find("victor.performance.health_score")).isEmpty();
        List<String> warnings = app.logLines().stream()
            .filter(line -> line.contains("victor-otel:")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("did not apply the extension's SDK customizer",
            "otel.config.file=" + yaml, "victor_performance_health_score");
      }
    }
  }
}
