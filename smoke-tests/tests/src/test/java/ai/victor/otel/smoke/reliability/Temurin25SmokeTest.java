package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample agent under the agent and the extension on the Temurin 25 JDK installed beside the
 * default JDK 17 (every other smoke test runs on the JDK that runs Maven), serving every request
 * on a virtual thread of its own ({@code sample.virtual-threads}): the counts are exact, and a
 * flight recording of the load after a warm-up has no {@code jdk.VirtualThreadPinned} event with
 * a frame of the extension (threshold 0: every pinning is recorded, however short). The warm-up
 * is left out because the JVM pins any virtual thread that loads or initializes a class, for
 * microseconds, the extension's classes on their first use included. The JDK's home comes
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
  private static final int WARM_UP = 20;
  private static final int REQUESTS = 100;

  @Test
  void theSampleIsInstrumentedOnTemurin25WithVirtualThreads() throws Exception {
    Path java = Path.of(System.getProperty("victor.temurin25.home", DEFAULT_HOME), "bin", "java");
    assumeFalse(Boolean.getBoolean("victor.temurin25.absent"),
        "test.sh found no Temurin 25 JDK at " + java + " and said so");
    assertThat(Files.isExecutable(java))
        .as(java + " is executable (install Temurin 25 there or set -Dvictor.temurin25.home)")
        .isTrue();
    Path recording = Files.createTempFile("temurin-25", ".jfr");
    Path jcmd = java.resolveSibling("jcmd");
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("temurin-25", receiver)
            .java(java)
            .systemProperty("sample.virtual-threads", "true")
            .start()) {
      String url = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
      String pid = String.valueOf(app.handle().pid());
      assertThat(Figures.admin(url, "/admin/load?requests=" + WARM_UP + "&concurrency=4")
          .get("ok")).isEqualTo((long) WARM_UP);
      run(jcmd, pid, "JFR.start", "name=pinning", "filename=" + recording,
          "jdk.VirtualThreadPinned#threshold=0ms");
      assertThat(Figures.admin(url, "/admin/load?requests=" + REQUESTS + "&concurrency=4")
          .get("ok")).isEqualTo((long) REQUESTS);
      run(jcmd, pid, "JFR.stop", "name=pinning");
      MetricsView metrics = receiver.awaitMetrics(view ->
          Figures.count(view, "victor.tool_selection.latency_ms", Map.of())
              >= WARM_UP + REQUESTS, WAIT);

      assertThat(receiver.resourceAttributes().get("process.runtime.version")).startsWith("25");
      assertThat(Figures.count(metrics, "victor.tool_selection.latency_ms", Map.of()))
          .isEqualTo(WARM_UP + REQUESTS);
      assertThat(Figures.sum(metrics, "victor.cache.operations", Map.of("operation", "hit"))
          + Figures.sum(metrics, "victor.cache.operations", Map.of("operation", "miss")))
          .isGreaterThanOrEqualTo(WARM_UP + REQUESTS);
      assertThat(Figures.count(metrics, "victor.provider.latency_ms", Map.of()))
          .isGreaterThanOrEqualTo(WARM_UP + REQUESTS);
      assertThat(Figures.count(metrics, "victor.tool.duration_ms", Map.of())).isPositive();
      assertThat(metrics.find("victor.performance.health_score")).isPresent();
      assertThat(Figures.sum(metrics, "victor.otel.failures", Map.of())).isZero();
      assertThat(Figures.problems(app)).isEmpty();
      Figures.print(TEST, "runtime", receiver.resourceAttributes().get("process.runtime.name") + " "
          + receiver.resourceAttributes().get("process.runtime.version"));
    }
    List<String> pinned = pinnedEvents(java, recording);
    Files.deleteIfExists(recording);
    Figures.print(TEST, "jdk.VirtualThreadPinned events in the measured load, all / with an"
        + " extension frame", pinned.size() + " / "
        + pinned.stream().filter(e -> e.contains("ai.victor.otel")).count());
    assertThat(pinned).as("virtual threads pinned in the extension's code")
        .noneMatch(event -> event.contains("ai.victor.otel"));
  }

  private static void run(Path tool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(command + ": " + output).isZero();
  }

  /** The pinned events of a recording, one string each, printed by the recording JDK's jfr. */
  private static List<String> pinnedEvents(Path java, Path recording) throws Exception {
    assertThat(Files.size(recording)).as("flight recording written").isPositive();
    Path jfr = java.resolveSibling("jfr");
    Process print = new ProcessBuilder(jfr.toString(), "print", "--events",
        "jdk.VirtualThreadPinned", "--stack-depth", "64", recording.toString())
        .redirectErrorStream(true).start();
    String text = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(print.waitFor()).as(text).isZero();
    List<String> events = new ArrayList<>();
    for (String event : text.split("jdk\\.VirtualThreadPinned \\{")) {
      if (event.contains("startTime")) {
        events.add(event);
      }
    }
    return events;
  }
}
