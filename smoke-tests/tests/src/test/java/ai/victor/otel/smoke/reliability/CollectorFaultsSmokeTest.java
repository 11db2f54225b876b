package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The collector fails in every way a test can make it fail, one phase after another, under the
 * same app: absent at start, killed and restarted on the same port, answering slowly, answering
 * 503. The collector is the harness's {@link OtlpReceiver}, a real OTLP/HTTP server: stopping,
 * slowing or failing it is the only practical way to inject these faults here.
 *
 * <p>In each phase the test sends the same chat requests itself and times them; every one must
 * succeed with latencies like those of the no-fault phase, and once the collector is back the
 * cumulative selection count must equal every request made, so nothing recorded while it was
 * away is lost. Heap after GC is compared across the sustained outage.
 */
class CollectorFaultsSmokeTest {
  private static final String TEST = "CollectorFaultsSmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REQUESTS = 30;
  private static final List<String> PROMPTS = List.of("what is the weather in Paris",
      "calculate 17 + 25", "search the latest news about java", "summarize our last meeting");
  private static final Map<String, String> ALL = Map.of();

  private String appUrl;
  private long requestsMade;

  @Test
  void theAppIsUnaffectedAndCountsSurviveEveryCollectorFault() {
    OtlpReceiver receiver = OtlpReceiver.start();
    receiver.stop(); // the app starts with no collector listening at its endpoint
    try (receiver;
        ForkedApp app = ForkedApp.sampleUnderAgent("collector-faults", receiver)
            .jvmArgs("-Xmx256m")
            .start()) {
      appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
      warmUp();
      Map<String, List<Double>> latencies = new LinkedHashMap<>();

      latencies.put("collector absent at start", phase());
      receiver.restart();
      assertAllCounted(receiver, "collector absent at start");

      latencies.put("no fault", phase());
      assertAllCounted(receiver, "no fault");

      receiver.stop();
      long heapBefore = Figures.admin(appUrl, "/admin/jvm").get("heapUsedAfterGc");
      latencies.put("collector killed", phase());
      // A sustained outage: load for 5 s more, with spans and metrics piling up unexported.
      Map<String, Long> load = Figures.admin(appUrl, "/admin/load?seconds=5&concurrency=4");
      requestsMade += load.get("requests");
      assertThat(load.get("failed")).as("requests failed during the outage").isZero();
      long heapAfter = Figures.admin(appUrl, "/admin/jvm").get("heapUsedAfterGc");
      Figures.print(TEST, "requests during the outage", REQUESTS + load.get("requests"));
      Figures.print(TEST, "heap after GC before/after the outage (MB)",
          mb(heapBefore) + " / " + mb(heapAfter));
      assertThat(heapAfter - heapBefore).as("heap growth over the outage, bytes")
          .isLessThan(16L * 1024 * 1024);
      receiver.restart();
      assertAllCounted(receiver, "collector killed, then restarted");

      receiver.delayResponses(Duration.ofSeconds(3));
      latencies.put("collector answering after 3 s", phase());
      receiver.delayResponses(Duration.ZERO);
      assertAllCounted(receiver, "slow collector");

      receiver.failWith(503);
      latencies.put("collector answering 503", phase());
      sleep(Duration.ofSeconds(2)); // at least one failed export with its retries
      assertThat(receiver.failedExports()).as("exports answered 503").isPositive();
      Figures.print(TEST, "exports answered 503", receiver.failedExports());
      receiver.failWith(0);
      assertAllCounted(receiver, "collector answering 503");

      double baseline = median(latencies.get("no fault"));
      latencies.forEach((phase, times) -> {
        Figures.print(TEST, "chat latency median / p90 (ms), " + phase,
            String.format("%.1f / %.1f", median(times), percentile(times, 0.9)));
        // Simulated provider latency alone spreads from 8 to 38 ms; a fault that blocked the app
        // would add seconds (the slow collector answers after 3 s, the exporter retries 503s).
        assertThat(median(times)).as("median chat latency (ms) with " + phase)
            .isLessThan(Math.max(2 * baseline, baseline + 20));
      });
      assertThat(receiver.rejections()).isEmpty();
      assertThat(Figures.problems(app)).isEmpty();
    }
  }

  /** Requests the app takes before any measured phase, so class loading does not count. */
  private void warmUp() {
    for (int i = 0; i < 20; i++) {
      chat(i);
    }
  }

  /** Sends the phase's requests one after another; every one must answer 200. Returns ms each. */
  private List<Double> phase() {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      long start = System.nanoTime();
      chat(i);
      times.add((System.nanoTime() - start) / 1e6);
    }
    return times;
  }

  private void chat(int i) {
    String body = Http.get(appUrl + "/chat?q="
        + URLEncoder.encode(PROMPTS.get(i % PROMPTS.size()), StandardCharsets.UTF_8));
    assertThat(body).contains("\"answer\"");
    requestsMade++;
  }

  /** Every request made so far, each one selection, is in the cumulative count once exported. */
  private void assertAllCounted(OtlpReceiver receiver, String phase) {
    long expected = requestsMade;
    MetricsView metrics = receiver.awaitMetrics(
        view -> Figures.count(view, "victor.tool_selection.latency_ms", ALL) >= expected, WAIT);
    assertThat(Figures.count(metrics, "victor.tool_selection.latency_ms", ALL))
        .as("selections counted after: " + phase).isEqualTo(expected);
    assertThat(Figures.sum(metrics, "victor.otel.failures", ALL)).isZero();
    Figures.print(TEST, "requests made / selections counted after " + phase,
        expected + " / " + Figures.count(metrics, "victor.tool_selection.latency_ms", ALL));
  }

  private static double median(List<Double> times) {
    return percentile(times, 0.5);
  }

  private static double percentile(List<Double> times, double quantile) {
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
  }

  private static long mb(long bytes) {
    return bytes / (1024 * 1024);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
