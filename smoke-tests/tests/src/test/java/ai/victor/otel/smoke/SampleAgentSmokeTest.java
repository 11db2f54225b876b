package ai.victor.otel.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.OtlpValues;
import ai.victor.otel.smoke.harness.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample agent, which has no OpenTelemetry code, run under the real javaagent with the
 * extension and the shipped configuration: what a user gets from the two agent flags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAgentSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final DocumentedCatalog catalog = DocumentedCatalog.load();
  private OtlpReceiver receiver;
  private ForkedApp app;
  private String appUrl;
  private String prometheusUrl;

  @BeforeAll
  void startSampleUnderAgent() {
    receiver = OtlpReceiver.start();
    int prometheusPort = FreePort.find();
    app = ForkedApp.sampleUnderAgent("sample-smoke", receiver)
        .systemProperty("otel.metrics.exporter", "otlp,prometheus")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
        .systemProperty("victor.otel.derived.window-seconds", "5")
        .args("--load=300", "--concurrency=4")
        .start();
    appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
    prometheusUrl = "http://127.0.0.1:" + prometheusPort + "/metrics";
    app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180));
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

  /**
   * The documented series the sample produces: all but the unpriced tokens, since the sample prices
   * every model it calls (an unpriced model logs a warning, which the sample must not; core's and
   * the library modules' tests prove the unpriced count).
   */
  private List<DocumentedCatalog.Entry> sampled() {
    return catalog.entries().stream()
        .filter(e -> !e.otelName().equals("victor.provider.unpriced_tokens")).toList();
  }

  @Test
  @Order(1)
  void everyDocumentedSeriesArrivesOverOtlpWithItsLabels() {
    MetricsView metrics = receiver.awaitMetrics(view -> sampled().stream()
        .allMatch(e -> view.names().contains(e.otelName())), WAIT);
    // The collector derives job and instance (and target_info) from these two.
    assertThat(receiver.resourceAttributes()).containsEntry("service.name", "sample-agent")
        .containsKey("service.instance.id");
    for (DocumentedCatalog.Entry entry : sampled()) {
      MetricsView.Metric metric = metrics.metric(entry.otelName());
      assertThat(metric.points()).as(entry.otelName()).isNotEmpty();
      Set<String> keys = new TreeSet<>();
      metric.points().forEach(p -> keys.addAll(p.attributes().keySet()));
      Set<String> expected = new TreeSet<>(entry.attributeKeys());
      if (entry.otelName().startsWith("gen_ai.client.operation")
          || entry.otelName().equals("gen_ai.invoke_agent.duration")) {
        expected.remove("error.type"); // only on failed calls and invocations
        keys.remove("error.type");
      }
      if (entry.otelName().equals("victor.cache.operations")) {
        // only on evictions of cache libraries (none here; CacheLibrariesSmokeTest sees it)
        expected.remove("cause");
      }
      assertThat(keys).as("attributes of " + entry.otelName()).isEqualTo(expected);
      assertThat(metric.type()).as(entry.otelName()).isEqualTo(switch (entry.type()) {
        case "counter" -> MetricsView.Type.SUM_MONOTONIC;
        case "up-down-counter" -> MetricsView.Type.SUM_NON_MONOTONIC;
        case "gauge" -> MetricsView.Type.GAUGE;
        default -> MetricsView.Type.HISTOGRAM;
      });
    }
  }

  @Test
  @Order(2)
  void valuesArePlausible() {
    // The last requests of the load are exported with the next interval.
    MetricsView metrics = receiver.awaitMetrics(view -> count(view,
        "victor.tool_selection.latency_ms") >= 300 && count(view, "victor.provider.latency_ms")
        >= 300, WAIT);
    double lookups = sum(metrics, "victor.cache.operations", Map.of("operation", "hit"))
        + sum(metrics, "victor.cache.operations", Map.of("operation", "miss"));
    // Each request looks up the query cache at least once.
    assertThat(lookups).isGreaterThanOrEqualTo(300);
    double selections = count(metrics, "victor.tool_selection.latency_ms");
    assertThat(selections).isEqualTo(300);
    assertThat(sum(metrics, "victor.tool_selection.requests", Map.of())).isEqualTo(selections);
    assertThat(sum(metrics, "victor.provider.requests", Map.of()))
        .isEqualTo(count(metrics, "victor.provider.latency_ms"))
        .isGreaterThanOrEqualTo(300);
    assertThat(sum(metrics, "victor.tool.executions", Map.of()))
        .isEqualTo(count(metrics, "victor.tool.duration_ms"))
        .isPositive();
    for (String ratio : List.of("victor.cache.hit_rate", "victor.cache.utilization",
        "victor.provider.health", "victor.tool.error_rate", "victor.tool_selection.miss_rate")) {
      metrics.metric(ratio).points().forEach(p -> assertThat(p.value()).as(ratio)
          .isBetween(0.0, 1.0));
    }
    double score = metrics.metric("victor.performance.health_score").points().get(0).value();
    assertThat(score).isBetween(0.0, 100.0);
    assertThat(metrics.metric("victor.bootstrap.startup_in_progress").points().get(0).value())
        .isZero();
    assertThat(metrics.metric("victor.bootstrap.startup_time").points().get(0).value())
        .isPositive();
    assertThat(metrics.metric("victor.bootstrap.component_init_time").points())
        .extracting(p -> p.attributes().get("component"))
        .contains("config", "cache", "provider-pool", "tool-registry");
    assertThat(sum(metrics, "victor.otel.failures", Map.of())).as("extension failures").isZero();
    assertThat(app.logLines()).as("no configuration problem with the shipped configuration")
        .noneMatch(line -> line.contains("victor-otel:"));
  }

  @Test
  @Order(3)
  void prometheusShowsExactlyTheDocumentedNamesAndLabels() {
    PrometheusText scrape = PrometheusText.scrape(prometheusUrl);
    Set<String> ours = scrape.sampleNames().stream()
        .filter(n -> n.startsWith("victor_") || n.startsWith("gen_ai_"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> documented = new TreeSet<>();
    sampled().forEach(e -> documented.addAll(e.sampleNames()));
    assertThat(ours).isEqualTo(documented);
    for (DocumentedCatalog.Entry entry : sampled()) {
      Set<String> labels = new HashSet<>();
      for (String name : entry.sampleNames()) {
        scrape.samples(name).forEach(s -> labels.addAll(s.labels().keySet()));
      }
      labels.removeIf(l -> l.startsWith("otel_scope_") || l.equals("le"));
      assertThat(labels).as("labels of " + entry.prometheusName())
          .isSubsetOf(entry.labels());
    }
  }

  @Test
  @Order(4)
  void spansNestUnderTheRequestSpanWithGenAiAttributes() {
    List<Span> spans = receiver.awaitSpans(all -> requestTraceWithAllRoles(all) != null, WAIT);
    List<Span> trace = requestTraceWithAllRoles(spans);
    Span server = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
        .findFirst().orElseThrow();
    // The load generator's HTTP client span may sit above the server span; the agent's
    // invocation nests below it, and the selection, model and tool calls below the invocation.
    Span agent = trace.stream().filter(s -> s.getName().equals("invoke_agent sample-agent"))
        .findFirst().orElseThrow();
    assertThat(agent.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(OtlpValues.attributes(agent.getAttributesList()))
        .containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsKeys("victor.agent.model_calls", "victor.agent.tool_calls");
    for (Span span : trace) {
      if (span.getName().equals("select_tools") || span.getName().startsWith("chat ")
          || span.getName().startsWith("execute_tool ")) {
        assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(agent.getSpanId());
      }
    }
    // A request may hold a failed call before the pool's failover; take the one that answered.
    Span chat = trace.stream().filter(s -> s.getName().startsWith("chat "))
        .filter(s -> s.getStatus().getCode() != io.opentelemetry.proto.trace.v1.Status.StatusCode
            .STATUS_CODE_ERROR)
        .findFirst().orElseThrow();
    Map<String, String> attributes = OtlpValues.attributes(chat.getAttributesList());
    assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attributes).containsEntry("gen_ai.operation.name", "chat")
        .containsKeys("gen_ai.provider.name", "gen_ai.request.model",
            "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.request.stream",
            "victor.cost", "server.address", "server.port");
    assertThat(chat.getName()).isEqualTo("chat " + attributes.get("gen_ai.request.model"));
    assertThat(attributes).doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
    Span tool = trace.stream().filter(s -> s.getName().startsWith("execute_tool ")).findFirst()
        .orElseThrow();
    Map<String, String> toolAttributes = OtlpValues.attributes(tool.getAttributesList());
    assertThat(tool.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(tool.getName()).isEqualTo("execute_tool " + toolAttributes.get("gen_ai.tool.name"));
    assertThat(toolAttributes).containsEntry("gen_ai.operation.name", "execute_tool")
        .doesNotContainKeys("gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
  }

  @Test
  @Order(5)
  void aProviderFaultShowsAsErrorsAndLowerHealth() {
    double errorsBefore = sum(receiver.latestMetrics(), "victor.provider.errors",
        Map.of("provider", "openai"));
    Http.get(appUrl + "/admin/faults?sample.provider.openai.error-rate=1.0");
    // Load keeps flowing until the health drops: with a 5 s window, a single burst that ends before
    // a slow (loaded) machine exports would leave an empty window and nothing to see.
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread load = new Thread(() -> {
      while (loading.get()) {
        Http.get(appUrl + "/admin/load?requests=20&concurrency=2");
      }
    }, "fault-load");
    load.start();
    MetricsView metrics;
    try {
      metrics = receiver.awaitMetrics(view -> view.find("victor.provider.health")
          .flatMap(m -> m.point(Map.of("provider", "openai")))
          .map(p -> p.value() < 0.5).orElse(false), WAIT);
    } finally {
      loading.set(false);
    }
    assertThat(sum(metrics, "victor.provider.errors", Map.of("provider", "openai")))
        .isGreaterThan(errorsBefore);
    assertThat(metrics.metric("victor.provider.error_rate").point(Map.of("provider", "openai"))
        .orElseThrow().value()).isGreaterThan(0.5);
    PrometheusText scrape = PrometheusText.scrape(prometheusUrl);
    assertThat(scrape.samples("victor_provider_health").stream()
        .filter(s -> "openai".equals(s.labels().get("provider"))).findFirst().orElseThrow()
        .value()).isLessThan(0.5);
    Http.get(appUrl + "/admin/faults?sample.provider.openai.error-rate=0.0");
  }

  /** The spans of one request trace holding a selection, a chat and a tool span, or null. */
  private static List<Span> requestTraceWithAllRoles(List<Span> spans) {
    Map<String, List<Span>> byTrace = spans.stream()
        .collect(Collectors.groupingBy(s -> s.getTraceId().toStringUtf8()));
    for (List<Span> trace : byTrace.values()) {
      boolean server = trace.stream().anyMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER);
      boolean selection = trace.stream().anyMatch(s -> s.getName().equals("select_tools"));
      boolean chat = trace.stream().anyMatch(s -> s.getName().startsWith("chat ")
          && s.getStatus().getCode() != io.opentelemetry.proto.trace.v1.Status.StatusCode
              .STATUS_CODE_ERROR);
      boolean tool = trace.stream().anyMatch(s -> s.getName().startsWith("execute_tool "));
      boolean agent = trace.stream().anyMatch(s -> s.getName().startsWith("invoke_agent "));
      if (server && selection && chat && tool && agent) {
        return trace;
      }
    }
    return null;
  }

  private static double sum(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.metric(name).pointsWith(subset).stream().mapToDouble(MetricsView.Point::value)
        .sum();
  }

  private static double count(MetricsView metrics, String name) {
    return metrics.find(name).map(m -> m.points().stream().mapToLong(MetricsView.Point::count)
        .sum()).orElse(0L);
  }
}
