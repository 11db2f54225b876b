package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production JVM shapes, in one JVM under the real agent and the extension
 * ({@code smoke-tests/sample-webapps}: a host deploying "webapps", each in a class loader of its
 * own, that use a configured cache and tool, Caffeine, Spring's cache, LangChain4j and Spring AI):
 *
 * <ol>
 *   <li><b>churn</b>: 16 threads create and call 100,000 new Spring AI tool callbacks, 100,000 new
 *       Spring cache decorators and 100,000 new configured tools: exported counts exact, no thread
 *       blocked on a monitor of the extension for more than 1 ms (JFR {@code
 *       jdk.JavaMonitorEnter}), heap after GC back to where it was;
 *   <li><b>two webapps</b> (two class loaders, same classes): the label caps hold for the JVM,
 *       and the size gauges of one namespace add up over both;
 *   <li><b>redeploy</b>: 20 times deploy, exercise every path, drop: every dropped class loader is
 *       collected, and metaspace stays flat.
 * </ol>
 *
 * <p>Webapp commands run on the host's two pooled HTTP threads, as requests of an application
 * server do, so a thread-local that kept a webapp's class would keep its loader too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebappsSmokeTest {
  private static final String TEST = "WebappsSmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int THREADS = 16;
  private static final int CHURN = 100_000;
  private static final int EXERCISE_CALLS = 20;
  private static final int REDEPLOYS = 20;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private OtlpReceiver receiver;
  private ForkedApp app;
  private String host;

  @BeforeAll
  void start() {
    receiver = OtlpReceiver.start();
    app = ForkedApp.builder("webapps")
        .jvmArgs("-javaagent:" + ForkedApp.requiredFile("victor.agent.jar"), "-Xmx384m",
            // Soft references go at every GC: a library's soft cache (Jackson's buffer recyclers
            // in the pool threads' thread-locals) must not be what keeps a dropped webapp.
            "-XX:SoftRefLRUPolicyMSPerMB=0")
        .systemProperty("otel.javaagent.extensions",
            ForkedApp.requiredFile("victor.extension.jar"))
        .systemProperty("otel.javaagent.configuration-file",
            ForkedApp.requiredFile("victor.webapps.config"))
        .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.service.name", "sample-webapps")
        .systemProperty("otel.logs.exporter", "none")
        .args("-cp", ForkedApp.requiredFile("victor.webapps.jar"),
            "ai.victor.sample.webapps.Host")
        .start();
    host = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
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
  void churnOfNewInstancesCountsExactlyWithoutBlockingOrGrowing() throws IOException {
    get("/deploy?name=churn");
    Map<String, Long> warm = Figures.numbers(call("churn", "exercise"));
    assertThat(warm.get("found")).isEqualTo(3L * EXERCISE_CALLS);
    long heapBefore = Figures.numbers(get("/jvm")).get("heapUsedAfterGc");

    Path recording = Files.createTempFile("webapps-churn", ".jfr");
    get("/jfr/start");
    Map<String, Long> done = Figures.numbers(call("churn", "churn:" + THREADS + ":" + CHURN));
    get("/jfr/stop?file=" + encode(recording.toString()));

    assertThat(done.get("callbacks")).isEqualTo((long) CHURN);
    assertThat(done.get("hits") + done.get("misses")).isEqualTo((long) CHURN);
    assertThat(done.get("tools")).isEqualTo((long) CHURN);
    long callbacks = CHURN + EXERCISE_CALLS; // the warm-up exercise called 20 too
    long tools = CHURN;
    MetricsView metrics;
    try {
      metrics = receiver.awaitMetrics(view ->
          Figures.count(view, "victor.tool.duration_ms", Map.of("tool", "lookup")) >= callbacks
              && Figures.count(view, "victor.tool.duration_ms", Map.of("tool", "churn_tool"))
                  >= tools, WAIT);
    } catch (AssertionError notYet) {
      MetricsView last = receiver.mergedMetrics();
      throw new AssertionError("exported so far: lookup " + Figures.count(last,
          "victor.tool.duration_ms", Map.of("tool", "lookup")) + ", churn_tool " + Figures.count(
          last, "victor.tool.duration_ms", Map.of("tool", "churn_tool")) + ", tools "
          + last.find("victor.tool.duration_ms").map(m -> m.points().size()).orElse(0), notYet);
    }
    assertThat(Figures.count(metrics, "victor.tool.duration_ms", Map.of("tool", "lookup")))
        .as("Spring AI tool callbacks").isEqualTo(callbacks);
    assertThat(Figures.count(metrics, "victor.tool.duration_ms", Map.of("tool", "churn_tool")))
        .as("configured tools").isEqualTo(tools);
    assertThat(operations(metrics, "churn", "hit")).as("decorator hits").isEqualTo(done.get("hits"));
    assertThat(operations(metrics, "churn", "miss")).as("decorator misses")
        .isEqualTo(done.get("misses"));
    // Once the exporters have caught up (the span queue drained), the GC has cleared the churned
    // instances and a little more traffic has let the extension's weak maps drop them (they do
    // at their next insert): heap after GC is back where it was.
    get("/jvm");
    call("churn", "exercise");
    long heapAfter = Figures.numbers(get("/jvm")).get("heapUsedAfterGc");

    Monitors monitors = Monitors.read(recording);
    Files.deleteIfExists(recording);
    Figures.print(TEST, "churn: calls/s (16 threads, 300,000 new instances)",
        done.get("callsPerSecond"));
    Figures.print(TEST, "churn: took (ms)", done.get("millis"));
    Figures.print(TEST, "churn: monitor waits > 1 ms, all / extension", monitors.all + " / "
        + monitors.extension);
    Figures.print(TEST, "churn: longest monitor wait (ms), all / extension / with an extension"
        + " frame", monitors.longestMillis + " / " + monitors.longestExtensionMillis + " / "
        + monitors.longestWithExtensionFrameMillis);
    Figures.print(TEST, "churn: heap after GC before / after (KB)",
        heapBefore / 1024 + " / " + heapAfter / 1024);
    Figures.print(TEST, "churn: longest waits with an extension frame", monitors.framed);
    assertThat(monitors.extension).as("waits > 1 ms on a monitor of the extension: "
        + monitors.examples).isZero();
    // Heap after GC read 1.4-4.5 MB higher after the churn with the old extension and with this
    // one alike (the webapp's, the JFR recording's and the agent's own residue, which varies with
    // load), where an extension that kept the 300,000 instances' entries (a weak reference, a map
    // node and the instance itself each) would hold well over twenty megabytes: 8 MB separates
    // the two without failing on the residue's spread.
    assertThat(heapAfter - heapBefore).as("heap growth after the churn, bytes")
        .isLessThan(8L * 1024 * 1024);
    get("/undeploy?name=churn");
  }

  @Test
  @Order(2)
  void twoWebappsShareTheCapsAndAddUpTheirGauges() {
    get("/deploy?name=a");
    get("/deploy?name=b");
    int entries = 1000;
    assertThat(Figures.numbers(call("a", "sizes:" + entries)).get("caffeine")).isEqualTo(entries);
    assertThat(Figures.numbers(call("b", "sizes:" + entries)).get("caffeine")).isEqualTo(entries);
    int names = 2000;
    call("a", "attack:a-tool-:" + names);
    call("b", "attack:b-tool-:" + names);

    Map<String, String> shared = Map.of("namespace", "Shared");
    // Both attacks exported: all but at most the cap's 32 names fold into _other.
    receiver.awaitMetrics(view -> Figures.count(view, "victor.tool.duration_ms",
        Map.of("tool", "_other")) >= 2L * names - 32, WAIT);
    MetricsView metrics;
    try {
      metrics = receiver.awaitMetrics(view ->
          gauge(view, "victor.cache.entries", shared) >= 4 * entries, Duration.ofSeconds(10));
    } catch (AssertionError notSummed) {
      metrics = receiver.mergedMetrics(); // asserted below, after the figures are printed
    }
    Set<String> tools = metrics.find("victor.tool.duration_ms").orElseThrow().points().stream()
        .map(point -> point.attributes().get("tool")).collect(Collectors.toCollection(TreeSet::new));
    long seriesOfWidest = metrics.find("victor.tool.duration_ms").orElseThrow().points().size();
    Figures.print(TEST, "two webapps: distinct tool label values exported (JVM cap 32 + _other)",
        tools.size());
    Figures.print(TEST, "two webapps: victor.tool.duration_ms series", seriesOfWidest);
    Figures.print(TEST, "two webapps: victor.cache.entries{namespace=Shared}, 2 x (1000 configured"
        + " + 1000 Caffeine)", gauge(metrics, "victor.cache.entries", shared));
    assertThat(tools).as("tool names across both webapps").hasSizeLessThanOrEqualTo(33)
        .contains("_other");
    assertThat(seriesOfWidest).isLessThanOrEqualTo(100);
    assertThat(gauge(metrics, "victor.cache.entries", shared)).isEqualTo(4L * entries);
    get("/undeploy?name=a");
    get("/undeploy?name=b");
  }

  @Test
  @Order(3)
  void droppedWebappsAreCollectedAndMetaspaceStaysFlat() {
    List<Long> metaspace = new ArrayList<>();
    List<Map<String, Long>> collections = new ArrayList<>();
    for (int i = 1; i <= REDEPLOYS; i++) {
      String name = "redeploy-" + i;
      get("/deploy?name=" + name);
      Map<String, Long> done = Figures.numbers(call(name, "exercise"));
      assertThat(done.get("found")).isEqualTo(3L * EXERCISE_CALLS);
      get("/undeploy?name=" + name);
      if (i == 5 || i == REDEPLOYS) {
        Map<String, Long> collected = Figures.numbers(get("/collect?seconds=30"));
        collections.add(collected);
        metaspace.add(collected.get("metaspaceUsed"));
      }
    }
    Map<String, Long> last = collections.get(1);
    Figures.print(TEST, "redeploy: class loaders dropped / collected, after 5 and after 20",
        collections.get(0).get("dropped") + " / " + collections.get(0).get("collected") + ", "
            + last.get("dropped") + " / " + last.get("collected"));
    Figures.print(TEST, "redeploy: metaspace used after GC, after 5 / 20 redeploys (KB)",
        metaspace.get(0) / 1024 + " / " + metaspace.get(1) / 1024);
    Figures.print(TEST, "redeploy: classes loaded / unloaded after 20",
        last.get("classesLoaded") + " / " + last.get("classesUnloaded"));
    for (Map<String, Long> collected : collections) {
      assertThat(collected.get("collected")).as("dropped class loaders collected: " + collected)
          .isEqualTo(collected.get("dropped"));
    }
    assertThat(metaspace.get(1) - metaspace.get(0)).as("metaspace growth over 15 redeploys")
        .isLessThan(4L * 1024 * 1024);
    MetricsView metrics = receiver.latestMetrics();
    assertThat(Figures.sum(metrics, "victor.otel.failures", Map.of())).isZero();
    assertThat(Figures.problems(app)).isEmpty();
  }

  private static long operations(MetricsView metrics, String namespace, String operation) {
    return Figures.sum(metrics, "victor.cache.operations",
        Map.of("namespace", namespace, "operation", operation));
  }

  private static long gauge(MetricsView metrics, String name, Map<String, String> attributes) {
    return metrics.find(name).flatMap(metric -> metric.point(attributes))
        .map(point -> Math.round(point.value())).orElse(-1L);
  }

  private String call(String webapp, String command) {
    return get("/call?name=" + webapp + "&cmd=" + encode(command));
  }

  /** A GET of the host; long commands (the churn) may take minutes on a loaded machine. */
  private String get(String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(host + pathAndQuery))
        .timeout(Duration.ofMinutes(5)).GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /**
   * The monitor waits of a recording. A wait is the extension's when the monitor's class is one
   * of the extension's or the thread entered it in the extension's own code (its top frame); a
   * wait with an extension frame anywhere in the top eight frames (a JDK lock taken on the
   * extension's behalf) is reported separately.
   */
  private static final class Monitors {
    int all;
    int extension;
    double longestMillis;
    double longestExtensionMillis;
    double longestWithExtensionFrameMillis;
    final List<String> examples = new ArrayList<>();
    final List<String> framed = new ArrayList<>();

    static Monitors read(Path recording) throws IOException {
      Monitors monitors = new Monitors();
      for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
        if (!"jdk.JavaMonitorEnter".equals(event.getEventType().getName())) {
          continue;
        }
        double millis = event.getDuration().toNanos() / 1e6;
        String monitorClass = event.getClass("monitorClass") == null ? ""
            : event.getClass("monitorClass").getName();
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of()
            : event.getStackTrace().getFrames();
        String top = frames.isEmpty() ? "" : frames.get(0).getMethod().getType().getName();
        boolean frame = frames.stream().limit(8)
            .anyMatch(f -> f.getMethod().getType().getName().startsWith("ai.victor.otel."));
        monitors.all++;
        monitors.longestMillis = Math.max(monitors.longestMillis, millis);
        if (frame) {
          monitors.longestWithExtensionFrameMillis =
              Math.max(monitors.longestWithExtensionFrameMillis, millis);
          if (millis > 10 && monitors.framed.size() < 3) {
            monitors.framed.add(String.format("%.1f ms on %s at %s", millis, monitorClass,
                frames.stream().limit(4).map(f -> f.getMethod().getType().getName() + "."
                    + f.getMethod().getName()).collect(Collectors.joining(" < "))));
          }
        }
        if (monitorClass.startsWith("ai.victor.otel.") || top.startsWith("ai.victor.otel.")) {
          monitors.extension++;
          monitors.longestExtensionMillis = Math.max(monitors.longestExtensionMillis, millis);
          if (monitors.examples.size() < 3) {
            monitors.examples.add(millis + " ms on " + monitorClass + " in " + top);
          }
        }
      }
      return monitors;
    }
  }
}
