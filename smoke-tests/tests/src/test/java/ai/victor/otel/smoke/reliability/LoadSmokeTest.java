package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Load on the sample agent under the agent and the extension: many threads hammering one
 * instrumented cache and tool, where every exported count must equal the calls the app counted
 * itself, then a time-bounded run of the load generator, where heap after GC and the thread count
 * must not grow once warmed up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadSmokeTest {
  private static final String TEST = "LoadSmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int THREADS = 16;
  private static final int CALLS = 1000;
  private static final int ROUNDS = 4;
  private static final int ROUND_SECONDS = 4;

  private OtlpReceiver receiver;
  private ForkedApp app;
  private String appUrl;

  @BeforeAll
  void start() {
    receiver = OtlpReceiver.start();
    app = ForkedApp.sampleUnderAgent("load", receiver)
        .jvmArgs("-Xmx256m")
        // Time every cache lookup, so that the latency histogram must count every one too.
        .systemProperty("victor.otel.cache.latency-sample-every", "1")
        .start();
    appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void countersEqualTheCallsOfSixteenThreads() {
    long start = System.nanoTime();
    Map<String, Long> done =
        Figures.admin(appUrl, "/admin/hammer?threads=" + THREADS + "&calls=" + CALLS);
    Figures.print(TEST, "hammer of " + THREADS + " threads x " + CALLS + " took (ms)",
        (System.nanoTime() - start) / 1_000_000);
    long toolOk = done.get("toolCalls") - done.get("toolFailures");
    Map<String, String> hammer = Map.of("namespace", "hammer");
    MetricsView metrics = receiver.awaitMetrics(view ->
        Figures.count(view, "victor.tool.duration_ms", Map.of("tool", "hammer"))
            >= done.get("toolCalls")
            && Figures.count(view, "victor.cache.operation.latency_ms", hammer) >= done.get("gets"),
        WAIT);

    assertThat(done.get("gets")).isEqualTo((long) THREADS * CALLS);
    assertThat(operations(metrics, "hit")).as("hits").isEqualTo(done.get("hits"));
    assertThat(operations(metrics, "miss")).as("misses").isEqualTo(done.get("misses"));
    assertThat(operations(metrics, "put")).as("puts").isEqualTo(done.get("puts"));
    // The app counts in an override that calls the instrumented method: counted once.
    assertThat(operations(metrics, "eviction")).as("evictions").isEqualTo(done.get("evictions"));
    assertThat(Figures.count(metrics, "victor.cache.operation.latency_ms", hammer))
        .as("timed lookups").isEqualTo(done.get("gets"));
    assertThat(Figures.count(metrics, "victor.tool.duration_ms",
        Map.of("tool", "hammer", "status", "success"))).as("tool successes").isEqualTo(toolOk);
    assertThat(Figures.count(metrics, "victor.tool.duration_ms",
        Map.of("tool", "hammer", "status", "error"))).as("tool errors")
        .isEqualTo(done.get("toolFailures"));
    assertThat(Figures.sum(metrics, "victor.tool.concurrent_executions", Map.of("tool", "hammer")))
        .as("executions in progress once done").isZero();
    assertThat(Figures.sum(metrics, "victor.otel.failures", Map.of())).isZero();
    Figures.print(TEST, "app counted gets/hits/misses/puts/evictions",
        done.get("gets") + "/" + done.get("hits") + "/" + done.get("misses") + "/"
            + done.get("puts") + "/" + done.get("evictions"));
    Figures.print(TEST, "exported hits/misses/puts/evictions, timed lookups",
        operations(metrics, "hit") + "/" + operations(metrics, "miss") + "/"
            + operations(metrics, "put") + "/" + operations(metrics, "eviction") + ", "
            + Figures.count(metrics, "victor.cache.operation.latency_ms", hammer));
    Figures.print(TEST, "app counted tool calls/failures; exported success/error",
        done.get("toolCalls") + "/" + done.get("toolFailures") + "; " + toolOk + "/"
            + done.get("toolFailures"));
  }

  @Test
  @Order(2)
  void aLongLoadRunGrowsNeitherHeapNorThreads() {
    Figures.admin(appUrl, "/admin/load?seconds=" + ROUND_SECONDS + "&concurrency=4"); // warm-up
    Map<String, Long> warm = Figures.admin(appUrl, "/admin/jvm");
    List<Long> heap = new ArrayList<>(List.of(warm.get("heapUsedAfterGc")));
    List<Long> threads = new ArrayList<>(List.of(warm.get("threads")));
    long requests = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Map<String, Long> load =
          Figures.admin(appUrl, "/admin/load?seconds=" + ROUND_SECONDS + "&concurrency=4");
      assertThat(load.get("failed")).isZero();
      requests += load.get("requests");
      Map<String, Long> jvm = Figures.admin(appUrl, "/admin/jvm");
      heap.add(jvm.get("heapUsedAfterGc"));
      threads.add(jvm.get("threads"));
    }
    Figures.print(TEST, "requests in " + ROUNDS * ROUND_SECONDS + " s after warm-up", requests);
    Figures.print(TEST, "heap after GC per round (KB)", heap.stream().map(b -> b / 1024).toList());
    Figures.print(TEST, "live threads per round", threads);
    long first = heap.get(0);
    for (long after : heap) {
      assertThat(after - first).as("heap growth after warm-up, bytes").isLessThan(4L * 1024 * 1024);
    }
    assertThat(threads).as("live threads").allMatch(t -> t <= threads.get(0) + 2);
    assertThat(Figures.problems(app)).isEmpty();
  }

  private static long operations(MetricsView metrics, String operation) {
    return Figures.sum(metrics, "victor.cache.operations",
        Map.of("namespace", "hammer", "operation", operation));
  }
}
