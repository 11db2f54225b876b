package ai.victor.otel.smoke.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.OtlpValues;
import ai.victor.otel.smoke.harness.PrometheusText;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Spring AI sample (Spring Boot, ChatClient, three {@code @Tool} methods, a Spring Cache) under
 * the real javaagent with the extension and nothing but the two agent flags (plus where to export),
 * against the fake OpenAI provider running in this JVM: the catalog series and GenAI spans the
 * dashboard and alerts use, with token counts equal to what the provider answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringAiSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String MODEL = "gpt-sample";
  private static final String RETRIED = "gpt-retried";
  private static final String SCOPE = "ai.victor.otel";

  private FakeOpenAiServer provider;
  private OtlpReceiver receiver;
  private ForkedApp app;
  private String appUrl;
  private String prometheusUrl;

  @BeforeAll
  void startSampleUnderAgent() throws Exception {
    provider = FakeOpenAiServer.start(0);
    receiver = OtlpReceiver.start();
    int prometheusPort = FreePort.find();
    app = ForkedApp.builder("spring-ai-smoke")
        // JIT and GC choices only: a Spring Boot app under the agent starts in half the time.
        .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-javaagent:" + requiredFile("victor.agent.jar"))
        .systemProperty("otel.javaagent.extensions", requiredFile("victor.extension.jar"))
        .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.service.name", "sample-spring-ai")
        .systemProperty("otel.logs.exporter", "none")
        .systemProperty("otel.metrics.exporter", "otlp,prometheus")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
        .env("FAKE_OPENAI_URL", provider.baseUrl())
        .env("APP_PORT", "0")
        .args("-jar", requiredFile("victor.springai.jar"))
        .start();
    appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(150));
    prometheusUrl = "http://127.0.0.1:" + prometheusPort + "/metrics";

    for (int i = 0; i < 2; i++) {
      assertThat(Http.get(appUrl + "/chat?q=weather+and+exchangeRate+for+Lisbon"))
          .startsWith("Tool results: ").contains("sunny", " = ");
    }
    assertThat(Http.get(appUrl + "/chat?q=hotels+in+Rome"))
        .as("the failed tool's error went back to the model").contains("booking system unavailable");
    assertThat(Http.get(appUrl + "/stream?q=hello+stream")).isEqualTo("Echo: hello stream");
    assertThat(Http.status(appUrl + "/chat?q=hi&model=gpt-rate-limited")).isEqualTo(502);
    // One failed attempt that the OpenAI SDK beneath Spring AI 2.x retries: one call, one retry.
    provider.failNext(500, 1);
    assertThat(Http.get(appUrl + "/chat?q=try+again&model=" + RETRIED)).isEqualTo(
        "Echo: try again");
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  private List<FakeOpenAiServer.Exchange> answered() {
    return provider.exchanges().stream().filter(e -> e.status() == 200 && e.model().equals(MODEL))
        .collect(Collectors.toList());
  }

  @Test
  @Order(1)
  void providerToolAndSelectionSeriesMatchWhatTheProviderAnswered() {
    // 2 tool chats x 2 model requests, 1 failing-tool chat x 2, 1 stream: 7 answered requests.
    assertThat(answered()).hasSize(7);
    long input = answered().stream().mapToLong(e -> e.reply().promptTokens()).sum();
    long output = answered().stream().mapToLong(e -> e.reply().completionTokens()).sum();
    Map<String, String> sample = Map.of("provider", "openai", "model", MODEL);
    // Everything the requests above recorded, the rate-limited call (the last one) included.
    MetricsView metrics = receiver.awaitMetrics(view -> count(view, "victor.provider.latency_ms",
        sample) == 7 && count(view, "victor.tool.duration_ms", Map.of()) == 5
        && count(view, "victor.provider.latency_ms", Map.of("model", "gpt-rate-limited")) == 1
        && count(view, "victor.provider.latency_ms", Map.of("model", RETRIED)) == 1, WAIT);

    assertThat(sum(metrics, "victor.provider.tokens", Map.of("model", MODEL, "token_type",
        "input"))).isEqualTo(input);
    assertThat(sum(metrics, "victor.provider.tokens", Map.of("model", MODEL, "token_type",
        "output"))).isEqualTo(output);
    assertThat(count(metrics, "gen_ai.client.operation.duration", Map.of(
        "gen_ai.provider.name", "openai", "gen_ai.request.model", MODEL))).isEqualTo(7);
    assertThat(sum(metrics, "victor.provider.errors", Map.of("model", "gpt-rate-limited",
        "error_type", "rate_limited"))).isEqualTo(1);
    assertThat(sum(metrics, "victor.provider.errors", Map.of("model", MODEL))).isZero();
    // Retries counted once each: Spring AI 2.x retries inside the OpenAI SDK (whose OkHttp
    // attempts the SDK module sees, in Spring AI's call), not through Spring's HTTP clients (whose
    // requests the Spring AI module counts); a retry seen by both would count twice.
    assertThat(sum(metrics, "victor.provider.retries", Map.of("model", RETRIED))).isEqualTo(1);
    assertThat(sum(metrics, "victor.provider.errors", Map.of("model", RETRIED))).isZero();
    long rateLimitedAttempts = provider.exchanges().stream()
        .filter(e -> e.model().equals("gpt-rate-limited")).count();
    assertThat(rateLimitedAttempts).as("the SDK retried the 429").isGreaterThan(1);
    assertThat(sum(metrics, "victor.provider.retries", Map.of("model", "gpt-rate-limited")))
        .isEqualTo(rateLimitedAttempts - 1);

    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "weather", "status",
        "success"))).isEqualTo(2);
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "exchangeRate",
        "status", "success"))).isEqualTo(2);
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "hotels", "status",
        "error"))).as("a tool failure Spring AI turned into a result is still an error")
        .isEqualTo(1);
    // The tools are resolved for every model request, the rate-limited and the retried ones too.
    assertThat(count(metrics, "victor.tool_selection.latency_ms", Map.of("cache_type", "none",
        "result", "miss"))).isEqualTo(9);
    // The exchange-rate tool's @Cacheable, Spring's cache abstraction with no configuration: the
    // first call (currencies "sample" to "sample") misses and stores, the second hits.
    for (String[] expected : new String[][] {{"miss", "1"}, {"put", "1"}, {"hit", "1"}}) {
      assertThat(sum(metrics, "victor.cache.operations", Map.of("namespace", "exchange-rates",
          "operation", expected[0]))).as(expected[0]).isEqualTo(Double.parseDouble(expected[1]));
    }
    assertThat(sum(metrics, "victor.otel.failures", Map.of())).as("extension failures").isZero();
    // Only the extension makes GenAI metrics: the agent's own OpenAI SDK instrumentation does not
    // see Spring AI's client (which Spring AI builds without the SDK's instrumented builder).
    assertThat(scopesOf("gen_ai.client.operation.duration")).containsExactly(SCOPE);
    assertThat(scopesOf("gen_ai.client.token.usage")).containsExactly(SCOPE);
    assertThat(app.logLines()).noneMatch(line -> line.contains("victor-otel:"));
  }

  @Test
  @Order(2)
  void chatClientCallHoldsOneChatSpanPerModelRequestAndTheToolSpans() {
    List<Span> spans = receiver.awaitSpans(all -> toolTrace(all, "exchangeRate") != null
        && !named(all, "execute_tool hotels").isEmpty()
        && !named(all, "chat gpt-rate-limited").isEmpty()
        && named(all, "chat " + MODEL).size() >= 7 && !named(all, "chat " + RETRIED).isEmpty(),
        WAIT);
    List<Span> trace = toolTrace(spans, "exchangeRate");
    Span server = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
        .findFirst().orElseThrow();
    assertThat(server.getName()).isEqualTo("GET /chat");
    // The ChatClient call is an agent invocation (issue 14): its span groups the tool loop.
    List<Span> invocations = named(trace, "invoke_agent ChatClient");
    assertThat(invocations).hasSize(1);
    Span invocation = invocations.get(0);
    assertThat(invocation.getParentSpanId()).isEqualTo(server.getSpanId());
    List<Span> chats = named(trace, "chat " + MODEL);
    // Spring AI 2's ChatClient runs the tool loop: a request asking for tools, then the answer.
    assertThat(chats).hasSize(2).allSatisfy(chat -> {
      assertThat(chat.getParentSpanId()).isEqualTo(invocation.getSpanId());
      assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(OtlpValues.attributes(chat.getAttributesList()))
          .containsEntry("gen_ai.operation.name", "chat")
          .containsEntry("gen_ai.provider.name", "openai")
          .containsEntry("gen_ai.request.model", MODEL)
          .containsEntry("gen_ai.response.model", MODEL)
          .containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
              "gen_ai.response.finish_reasons")
          .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
    });
    for (String tool : List.of("weather", "exchangeRate")) {
      Span execution = named(trace, "execute_tool " + tool).get(0);
      assertThat(execution.getParentSpanId()).as(tool).isEqualTo(invocation.getSpanId());
      assertThat(OtlpValues.attributes(execution.getAttributesList()))
          .containsEntry("gen_ai.tool.name", tool)
          .doesNotContainKeys("gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    }
    // Below each chat span: its tool resolution and the agent's HTTP client span (OkHttp).
    for (Span chat : chats) {
      assertThat(trace.stream().filter(s -> s.getParentSpanId().equals(chat.getSpanId()))
          .map(Span::getName).collect(Collectors.toList()))
          .containsExactlyInAnyOrder("select_tools", "POST");
    }
    // Every chat span is the extension's, one per request the provider answered.
    assertThat(spansOf("chat " + MODEL)).hasSize(answered().size())
        .allSatisfy(scope -> assertThat(scope).isEqualTo(SCOPE));

    // The retried call is one chat span, Spring AI's: the SDK module stands down beneath it.
    assertThat(spansOf("chat " + RETRIED)).containsExactly(SCOPE);

    Span failed = named(spans, "execute_tool hotels").get(0);
    assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    Span limited = named(spans, "chat gpt-rate-limited").get(0);
    assertThat(OtlpValues.attributes(limited.getAttributesList()))
        .containsEntry("error.type", "rate_limited");
  }

  @Test
  @Order(3)
  void prometheusScrape() {
    PrometheusText scrape = PrometheusText.scrape(prometheusUrl);
    assertThat(scrape.samples("victor_provider_requests_total")).anySatisfy(s ->
        assertThat(s.labels()).containsEntry("provider", "openai").containsEntry("model", MODEL));
    assertThat(scrape.samples("victor_tool_executions_total")).anySatisfy(s ->
        assertThat(s.labels()).containsEntry("tool", "hotels").containsEntry("status", "error"));
    assertThat(scrape.samples("victor_tool_error_rate")).anySatisfy(s ->
        assertThat(s.labels()).containsEntry("tool", "hotels"));
    assertThat(scrape.samples("victor_tool_selection_requests_total")).isNotEmpty();
    assertThat(scrape.samples("gen_ai_client_token_usage_sum")).isNotEmpty();
    // The excerpt a reader of the build log (and the closing note) can look at.
    System.out.println("Prometheus scrape of the Spring AI sample (excerpt):");
    scrape.samples().stream()
        .filter(s -> s.name().startsWith("victor_provider_") || s.name().startsWith("victor_tool")
            || s.name().startsWith("gen_ai_"))
        .filter(s -> !s.name().endsWith("_bucket"))
        .forEach(s -> System.out.println("  " + s.name() + s.labels() + " " + s.value()));
  }

  /** The trace of a /chat request that called this tool, or null. */
  private static List<Span> toolTrace(List<Span> spans, String tool) {
    Map<String, List<Span>> byTrace = spans.stream()
        .collect(Collectors.groupingBy(s -> s.getTraceId().toStringUtf8()));
    for (List<Span> trace : byTrace.values()) {
      if (!named(trace, "execute_tool " + tool).isEmpty() && named(trace, "chat ").size() >= 2
          && trace.stream().anyMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)) {
        return trace;
      }
    }
    return null;
  }

  private static List<Span> named(List<Span> spans, String prefix) {
    return spans.stream().filter(s -> s.getName().startsWith(prefix)).collect(Collectors.toList());
  }

  /** The instrumentation scope of every received span with this name. */
  private List<String> spansOf(String name) {
    List<String> scopes = new ArrayList<>();
    for (ExportTraceServiceRequest request : receiver.traceRequests()) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          scope.getSpansList().stream().filter(s -> s.getName().equals(name))
              .forEach(s -> scopes.add(scope.getScope().getName()));
        }
      }
    }
    return scopes;
  }

  private Set<String> scopesOf(String metric) {
    Set<String> scopes = new TreeSet<>();
    receiver.metricRequests().forEach(r -> r.getResourceMetricsList().forEach(rm ->
        rm.getScopeMetricsList().forEach(sm -> sm.getMetricsList().stream()
            .filter(m -> m.getName().equals(metric))
            .forEach(m -> scopes.add(sm.getScope().getName())))));
    return scopes;
  }

  private static double sum(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.metric(name).pointsWith(subset).stream().mapToDouble(MetricsView.Point::value)
        .sum();
  }

  private static long count(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name).map(m -> m.pointsWith(subset).stream()
        .mapToLong(MetricsView.Point::count).sum()).orElse(0L);
  }

  private static String requiredFile(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property " + property + " (set by Surefire)").isNotBlank();
    Path path = Path.of(value).toAbsolutePath().normalize();
    assertThat(Files.isRegularFile(path)).as(path + " exists (built by the reactor)").isTrue();
    return path.toString();
  }
}
