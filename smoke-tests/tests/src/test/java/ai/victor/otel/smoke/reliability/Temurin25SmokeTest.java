package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample agent under the agent and the extension on the Temurin 25 JDK installed beside the
 * default JDK 17 (every other smoke test runs on the JDK that runs Maven). The JDK's home comes
 * from {@code victor.temurin25.home} (default {@value #DEFAULT_HOME}, where CI machines have it);
 * if it is missing the test fails rather than skips, so CI cannot silently stop covering it. The
 * one exception is {@code test.sh}, which checks the JDK first, prints a warning before and after
 * the run when it is absent, and sets {@code victor.temurin25.absent}: then the test is reported as
 * skipped with that reason.
 */
class Temurin25SmokeTest {
  private static final String TEST = "Temurin25SmokeTest";
  static final String DEFAULT_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REQUESTS = 100;

  @Test
  void theSampleIsInstrumentedOnTemurin25() {
    Path java = Path.of(System.getProperty("victor.temurin25.home", DEFAULT_HOME), "bin", "java");
    assumeFalse(Boolean.getBoolean("victor.temurin25.absent"),
        "test.sh found no Temurin 25 JDK at " + java + " and said so");
    assertThat(Files.isExecutable(java))
        .as(java + " is executable (install Temurin 25 there or set -Dvictor.temurin25.home)")
        .isTrue();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("temurin-25", receiver)
            .java(java)
            .args("--load=" + REQUESTS, "--concurrency=4")
            .start()) {
      app.awaitPort(Duration.ofSeconds(120));
      assertThat(app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180)))
          .contains("ok=" + REQUESTS);
      MetricsView metrics = receiver.awaitMetrics(view ->
          Figures.count(view, "victor.tool_selection.latency_ms", Map.of()) >= REQUESTS, WAIT);

      assertThat(receiver.resourceAttributes().get("process.runtime.version")).startsWith("25");
      assertThat(Figures.count(metrics, "victor.tool_selection.latency_ms", Map.of()))
          .isEqualTo(REQUESTS);
      assertThat(Figures.sum(metrics, "victor.cache.operations", Map.of("operation", "hit"))
          + Figures.sum(metrics, "victor.cache.operations", Map.of("operation", "miss")))
          .isGreaterThanOrEqualTo(REQUESTS);
      assertThat(Figures.count(metrics, "victor.provider.latency_ms", Map.of()))
          .isGreaterThanOrEqualTo(REQUESTS);
      assertThat(Figures.count(metrics, "victor.tool.duration_ms", Map.of())).isPositive();
      assertThat(metrics.find("victor.performance.health_score")).isPresent();
      assertThat(Figures.sum(metrics, "victor.otel.failures", Map.of())).isZero();
      assertThat(Figures.problems(app)).isEmpty();
      Figures.print(TEST, "runtime", receiver.resourceAttributes().get("process.runtime.name") + " "
          + receiver.resourceAttributes().get("process.runtime.version"));
    }
  }
}
