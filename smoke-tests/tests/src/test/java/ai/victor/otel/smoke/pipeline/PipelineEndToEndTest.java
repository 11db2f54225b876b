package ai.victor.otel.smoke.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.DocumentedCatalog;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.pipeline.PrometheusApi.ActiveAlert;
import ai.victor.otel.smoke.pipeline.WebhookReceiver.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline as a user runs it: the sample agent under the real javaagent and extension exports OTLP to the
 * collector built from collector-config/, Prometheus scrapes the collector and evaluates the shipped rules, and
 * Alertmanager routes the alerts. Everything is asserted through Prometheus's and Alertmanager's HTTP APIs, so a
 * dashboard showing "No data" or an alert that cannot fire fails here. The sample runs with a too-small selection
 * cache from the start; provider and tool faults are switched on through its /admin/faults knobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Alerts whose expression the sample's faults make true (docs/runbook.md, "Trying the alerts"). */
  private static final Set<String> FAULT_ALERTS = Set.of("UnhealthyProviders", "HighProviderFailureRate",
      "CriticalProviderFailureRate", "HighToolErrorRate", "CriticalToolErrorRate", "HighCacheMissRate",
      "CriticalCacheMissRate", "HighToolSelectionMissRate", "HighCacheUtilization", "CriticalCacheUtilization");

  private final DocumentedCatalog catalog = DocumentedCatalog.load();
  private OtlpReceiver traces;
  private WebhookReceiver webhooks;
  private PipelineStack stack;
  private ForkedApp app;
  private String appUrl;
  private PrometheusApi prometheus;

  @BeforeAll
  void startPipelineAndSample() {
    traces = OtlpReceiver.start();
    webhooks = WebhookReceiver.start();
    stack = PipelineStack.start(traces.endpoint(), webhooks);
    prometheus = new PrometheusApi(stack.prometheusUrl());
    app = ForkedApp.sampleUnderAgent("sample-pipeline", traces)
        .systemProperty("otel.exporter.otlp.endpoint", stack.collectorOtlpHttp())
        .systemProperty("victor.otel.derived.window-seconds", "5")
        .systemProperty("sample.cache.size", "2")
        // Some agent invocations fail (a tool loop the sample's agent stops): error_type on
        // gen_ai_invoke_agent_duration_seconds, a documented label.
        .systemProperty("sample.provider.openai.tool-loop-rate", "0.02")
        .args("--duration=600", "--concurrency=2")
        .start();
    appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
  }

  @AfterAll
  void stopAll() {
    for (AutoCloseable closeable : new AutoCloseable[] {app, stack, webhooks, traces}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
  }

  @Test
  @Order(1)
  void everyDocumentedSeriesReachesPrometheusWithItsLabels() {
    Set<String> expected = new TreeSet<>();
    sampled().forEach(e -> expected.addAll(e.sampleNames()));
    await("every docs/metrics.md series in Prometheus", () -> {
      Set<String> names = new TreeSet<>();
      prometheus.query("count by (__name__) ({__name__=~\"victor_.+|gen_ai_.+\"})")
          .forEach(s -> names.add(s.labels().get("__name__")));
      return names.containsAll(expected) ? names : null;
    });
    // Some labels come with rare events (error_type with the first failed provider call): wait for them.
    Map<String, Set<String>> wanted = new TreeMap<>();
    for (DocumentedCatalog.Entry entry : sampled()) {
      Set<String> want = new TreeSet<>(entry.labels());
      want.addAll(Set.of("job", "instance"));
      // Only cache libraries tell an eviction's cause; the sample agent's caches are configured classes.
      want.remove("cause");
      wanted.put(entry.prometheusName(), want);
    }
    Map<String, Set<String>> seen = await("every documented label on its series", () -> {
      Map<String, Set<String>> labels = labelsByFamily();
      return labels.equals(wanted) ? labels : null;
    }, () -> "labels: " + labelsByFamily() + ", documented: " + wanted);
    assertThat(seen).isEqualTo(wanted);
    // service.instance.id is set, so the exporter derives instance and publishes target_info.
    assertThat(prometheus.query("target_info{job=\"sample-agent\"}")).as("target_info").hasSize(1);
  }

  /** The documented series but the unpriced tokens: the sample prices every model it calls. */
  private List<DocumentedCatalog.Entry> sampled() {
    return catalog.entries().stream()
        .filter(e -> !e.prometheusName().equals("victor_provider_unpriced_tokens_total")).toList();
  }

  /** The label names Prometheus holds for each documented family, without the exporter's scope labels. */
  private Map<String, Set<String>> labelsByFamily() {
    Map<String, Set<String>> byFamily = new TreeMap<>();
    for (DocumentedCatalog.Entry entry : sampled()) {
      Set<String> labels = new TreeSet<>();
      for (String name : entry.sampleNames()) {
        prometheus.series(name).forEach(s -> labels.addAll(s.keySet()));
      }
      labels.removeAll(Set.of("__name__", "le", "otel_scope_name", "otel_scope_version", "otel_scope_schema_url"));
      byFamily.put(entry.prometheusName(), labels);
    }
    return byFamily;
  }

  @Test
  @Order(2)
  void everyPanelQueryAndRuleExpressionReturnsData() {
    List<String> expressions = new ArrayList<>();
    Assets.panels().forEach(p -> p.queries().forEach(q -> expressions.add(Assets.resolve(q))));
    Assets.recordings().forEach(r -> {
      expressions.add(r.record());
      expressions.add(r.expr());
    });
    Assets.alerts().forEach(a -> expressions.add(a.lhs()));
    // A panel showing only NaN is as empty as one with no series: each query needs a number.
    await("a number from every panel query and rule expression",
        () -> expressions.stream().allMatch(this::hasNumber) ? Boolean.TRUE : null,
        () -> "no data: " + expressions.stream().filter(e -> !hasNumber(e)).toList());
  }

  private boolean hasNumber(String expr) {
    return prometheus.query(expr).stream().anyMatch(s -> !s.value().equals("NaN"));
  }

  @Test
  @Order(3)
  void faultsDriveTheMatchingAlertsAndAlertmanagerRoutesThemBySeverity() {
    // openai, the pool's first choice, carries most calls: its alerts are quiet without the fault.
    assertThat(prometheus.alerts()).as("alerts before the faults")
        .noneMatch(a -> "openai".equals(a.labels().get("provider")))
        .noneMatch(a -> a.name().equals("CriticalToolErrorRate"));
    String knobs = Http.get(appUrl + "/admin/faults?sample.provider.openai.error-rate=1.0"
        + "&sample.tool.search.failure-rate=1.0&sample.tool.weather.failure-rate=1.0"
        + "&sample.tool.calculator.failure-rate=1.0");
    assertThat(knobs).contains("sample.provider.openai.error-rate");
    Set<String> active = await("the fault alerts pending", () -> {
      Set<String> now = shippedActive();
      return now.containsAll(FAULT_ALERTS) ? now : null;
    }, () -> "active: " + shippedActive());
    System.out.println("PIPELINE alerts active under faults: " + active);

    List<Delivery> delivered = awaitDeliveries(d -> has(d, "critical", "CriticalProviderFailureRate")
        && has(d, "critical", "CriticalToolErrorRate") && has(d, "warning", "HighToolSelectionMissRate"));
    // UnhealthyProviders shares the provider_failure_rate signal: the critical twin inhibits it.
    assertThat(delivered).extracting(Delivery::alertname).doesNotContain("UnhealthyProviders");
    for (Delivery delivery : delivered) {
      assertThat(delivery.receiver()).as(delivery.alertname()).isEqualTo(delivery.labels().get("severity"));
    }
  }

  @Test
  @Order(4)
  void alertmanagerInhibitsTheWarningTwinAndSendsInfoToItsReceiver() {
    post(stack.alertmanagerUrl() + "/api/v2/alerts", "["
        + alert("E2eTwinCritical", "critical", "e2e_twin") + ","
        + alert("E2eTwinWarning", "warning", "e2e_twin") + ","
        + alert("E2eLoneWarning", "warning", "e2e_lone") + ","
        + alert("E2eInfo", "info", "e2e_info") + "]");
    List<Delivery> delivered = awaitDeliveries(d -> has(d, "critical", "E2eTwinCritical")
        && has(d, "warning", "E2eLoneWarning") && has(d, "info", "E2eInfo"));
    assertThat(delivered).extracting(Delivery::alertname).doesNotContain("E2eTwinWarning");
  }

  @Test
  @Order(5)
  void tracesPassThroughTheCollectorsTracePipeline() {
    var spans = traces.awaitSpans(all -> all.stream().anyMatch(s -> s.getName().startsWith("chat ")), WAIT);
    assertThat(spans).extracting(s -> s.getName()).anyMatch(n -> n.startsWith("execute_tool "));
    // The agent exported to the collector only; whatever reached this receiver came through the collector.
    assertThat(traces.metricRequests()).as("metrics sent straight to the receiver").isEmpty();
  }

  private Set<String> shippedActive() {
    Set<String> names = new TreeSet<>();
    for (ActiveAlert alert : prometheus.alerts()) {
      if (!alert.labels().containsKey(PipelineStack.FOR0_LABEL)) {
        names.add(alert.name());
      }
    }
    return names;
  }

  private List<Delivery> awaitDeliveries(java.util.function.Predicate<List<Delivery>> condition) {
    try {
      return webhooks.await(condition, WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean has(List<Delivery> deliveries, String receiver, String alertname) {
    return deliveries.stream().anyMatch(d -> d.receiver().equals(receiver) && alertname.equals(d.alertname()));
  }

  private static String alert(String name, String severity, String signal) {
    return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"signal\":\"" + signal
        + "\",\"job\":\"e2e\",\"instance\":\"api\"}}";
  }

  private static void post(String url, String json) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("POST " + url + ": " + response.body()).isEqualTo(200);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(String what, Supplier<T> attempt) {
    return await(what, attempt, () -> "");
  }

  /** Retries {@code attempt} every second until it returns non-null; fails with {@code state} after a minute. */
  private static <T> T await(String what, Supplier<T> attempt, Supplier<String> state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T result = attempt.get();
      if (result != null) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ". " + state.get());
      }
      PipelineStack.sleep(Duration.ofSeconds(1));
    }
  }
}
