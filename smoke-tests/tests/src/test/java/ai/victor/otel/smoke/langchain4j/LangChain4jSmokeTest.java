package ai.victor.otel.smoke.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.OtlpValues;
import ai.victor.otel.smoke.harness.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The LangChain4j sample (an AI service with three tools behind a tool provider, a streaming
 * model, a Caffeine cache; no OpenTelemetry code) under the real javaagent with the extension and
 * no victor-otel configuration at all, talking to the fake provider: what a LangChain4j user gets
 * from the two agent flags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangChain4jSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Six distinct questions, each asked twice: the second time the Caffeine cache answers. */
  private static final int QUESTIONS = 12;

  private FakeOpenAiServer provider;
  private OtlpReceiver receiver;
  private ForkedApp app;
  private String prometheusUrl;

  @BeforeAll
  void startSampleUnderAgent() throws IOException {
    provider = FakeOpenAiServer.start(0);
    receiver = OtlpReceiver.start();
    int prometheusPort = FreePort.find();
    app = ForkedApp.builder("langchain4j-smoke")
        .jvmArgs("-javaagent:" + file("victor.agent.jar"))
        .systemProperty("otel.javaagent.extensions", file("victor.extension.jar"))
        .systemProperty("otel.service.name", "sample-langchain4j")
        .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.metrics.exporter", "otlp,prometheus")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.logs.exporter", "none")
        .args("-jar", file("victor.langchain4j.sample.jar"), "--base-url=" + provider.baseUrl(),
            "--questions=" + QUESTIONS)
        .start();
    prometheusUrl = "http://127.0.0.1:" + prometheusPort + "/metrics";
    app.awaitLine(line -> line.startsWith("LANGCHAIN4J DONE"), Duration.ofSeconds(120));
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

  @Test
  void providerToolAndSelectionSeriesMatchWhatHappened() {
    List<FakeOpenAiServer.Exchange> exchanges = provider.exchanges();
    // 6 travel assistant calls: 5 with tools (2 model calls each), 1 without; 1 tool finder call
    // (2 model calls); 1 streamed answer; the trip planner's three agents
    assertThat(exchanges).hasSize(17);
    long input = exchanges.stream().mapToLong(e -> e.reply().promptTokens()).sum();
    long output = exchanges.stream().mapToLong(e -> e.reply().completionTokens()).sum();
    Map<String, String> openai = Map.of("provider", "openai", "model", "gpt-4o-mini");
    Map<String, String> inputTokens = Map.of("provider", "openai", "model", "gpt-4o-mini",
        "token_type", "input");
    Map<String, String> outputTokens = Map.of("provider", "openai", "model", "gpt-4o-mini",
        "token_type", "output");

    // A collection may fall between a call's latency and its token records (one exit records
    // them one after the other), so the wait covers the token sums too.
    MetricsView metrics = receiver.awaitMetrics(view -> count(view, "victor.provider.latency_ms",
        openai) == exchanges.size() && count(view, "victor.tool.duration_ms", Map.of()) == 8
        && sum(view, "victor.provider.tokens", inputTokens) == input
        && sum(view, "victor.provider.tokens", outputTokens) == output,
        WAIT);
    assertThat(sum(metrics, "victor.provider.tokens", inputTokens)).isEqualTo(input);
    assertThat(sum(metrics, "victor.provider.tokens", outputTokens)).isEqualTo(output);
    assertThat(sum(metrics, "victor.provider.errors", openai)).isZero();
    assertThat(count(metrics, "gen_ai.client.operation.duration", Map.of(
        "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", "gpt-4o-mini"))).isEqualTo(exchanges.size());
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "weather",
        "status", "success"))).isEqualTo(3);
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "exchangeRate",
        "status", "success"))).isEqualTo(2);
    // the sample's flight status tool fails every second call; LangChain4j hands the model the
    // exception message as the tool result, and the series still says error
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "flightStatus",
        "status", "success"))).isEqualTo(1);
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "flightStatus",
        "status", "error"))).isEqualTo(1);
    // the tool search runs as a tool, and is a selection too
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "tool_search_tool",
        "status", "success"))).isEqualTo(1);
    assertThat(count(metrics, "victor.tool_selection.latency_ms", Map.of("cache_type", "none",
        "result", "miss"))).isEqualTo(7);
    // only the tool provider's selections know how many tools they offered
    assertThat(count(metrics, "victor.tool_selection.tools", Map.of())).isEqualTo(6);
    assertThat(sum(metrics, "victor.otel.failures", Map.of())).as("extension failures").isZero();
    assertThat(app.logLines()).as("nothing to configure, so nothing misconfigured")
        .noneMatch(line -> line.contains("victor-otel:"));

    PrometheusText scrape = PrometheusText.scrape(prometheusUrl);
    assertThat(value(scrape, "victor_provider_tokens_total", Map.of("provider", "openai",
        "model", "gpt-4o-mini", "token_type", "input"))).isEqualTo(input);
    assertThat(value(scrape, "victor_tool_executions_total", Map.of("tool", "flightStatus",
        "status", "error"))).isEqualTo(1);
    assertThat(value(scrape, "victor_tool_selection_requests_total", Map.of("cache_type", "none",
        "result", "miss"))).isEqualTo(7);
  }

  @Test
  void theAnswerCacheCountsWhatCaffeineItselfCounted() {
    // Caffeine's own statistics, printed by the app: the ground truth for the cache series.
    String done = app.logLines().stream().filter(line -> line.startsWith("LANGCHAIN4J DONE"))
        .findFirst().orElseThrow();
    Matcher stats = Pattern.compile("hitCount=(\\d+), missCount=(\\d+), loadSuccessCount=(\\d+)")
        .matcher(done);
    assertThat(stats.find()).as(done).isTrue();
    long hits = Long.parseLong(stats.group(1));
    long misses = Long.parseLong(stats.group(2));
    long loads = Long.parseLong(stats.group(3));
    assertThat(hits).as("each question asked twice").isEqualTo(QUESTIONS / 2);

    // An unnamed Caffeine cache is named after the class that built it.
    Map<String, String> answers = Map.of("namespace", "SampleLangChain4jApp");
    MetricsView metrics = receiver.awaitMetrics(view -> sum(view, "victor.cache.operations",
        with(answers, "operation", "hit")) == hits, WAIT);
    assertThat(sum(metrics, "victor.cache.operations", with(answers, "operation", "miss")))
        .isEqualTo(misses);
    assertThat(sum(metrics, "victor.cache.operations", with(answers, "operation", "load")))
        .isEqualTo(loads);
    assertThat(metrics.metric("victor.cache.hit_rate").point(answers).orElseThrow().value())
        .isEqualTo((double) hits / (hits + misses));
    assertThat(metrics.metric("victor.cache.entries").point(answers).orElseThrow().value())
        .isEqualTo(misses);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(key, value);
    return all;
  }

  @Test
  void anAiServiceCallIsOneTraceOfSelectionChatAndToolSpans() {
    List<Span> spans = receiver.awaitSpans(all -> flightAndWeatherTrace(all) != null, WAIT);
    List<Span> trace = flightAndWeatherTrace(spans);
    Span agent = trace.stream().filter(s -> s.getName().equals("invoke_agent TravelAssistant"))
        .findFirst().orElseThrow();
    assertThat(agent.getParentSpanId().isEmpty()).isTrue();
    assertThat(agent.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(OtlpValues.attributes(agent.getAttributesList()))
        .containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsEntry("gen_ai.agent.name", "TravelAssistant");
    List<Span> children = trace.stream()
        .filter(s -> s.getParentSpanId().equals(agent.getSpanId()))
        .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
        .collect(Collectors.toList());
    assertThat(children).extracting(Span::getName).containsExactly("select_tools",
        "chat gpt-4o-mini", "execute_tool flightStatus", "execute_tool weather",
        "chat gpt-4o-mini");

    Span chat = children.get(1);
    Map<String, String> attributes = OtlpValues.attributes(chat.getAttributesList());
    assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attributes).containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
        .containsEntry("gen_ai.response.model", "gpt-4o-mini")
        .containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
            "gen_ai.response.id")
        .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
    // the agent's own HTTP client instrumentation: one span per HTTP attempt, beneath the chat
    assertThat(trace.stream().filter(s -> s.getParentSpanId().equals(chat.getSpanId())))
        .extracting(Span::getKind).containsExactly(Span.SpanKind.SPAN_KIND_CLIENT);

    Span tool = children.get(3);
    Map<String, String> toolAttributes = OtlpValues.attributes(tool.getAttributesList());
    assertThat(toolAttributes).containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("gen_ai.tool.name", "weather")
        .containsKey("gen_ai.tool.call.id")
        .doesNotContainKeys("gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    assertThat(tool.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  @Test
  void aToolSearchIsASelectionBeneathTheSearchTool() {
    List<Span> spans = receiver.awaitSpans(all -> all.stream().anyMatch(
        s -> s.getName().equals("invoke_agent ToolFinder")), WAIT);
    Span agent = spans.stream().filter(s -> s.getName().equals("invoke_agent ToolFinder"))
        .findFirst().orElseThrow();
    List<Span> trace = spans.stream().filter(s -> s.getTraceId().equals(agent.getTraceId()))
        .collect(Collectors.toList());
    assertThat(children(trace, agent)).extracting(Span::getName).containsExactly(
        "chat gpt-4o-mini", "execute_tool tool_search_tool", "chat gpt-4o-mini");
    Span search = children(trace, agent).get(1);
    assertThat(children(trace, search)).extracting(Span::getName).containsExactly("select_tools");
  }

  @Test
  void theStreamedAnswerIsAChatSpanEndedByItsCompletion() {
    List<Span> spans = receiver.awaitSpans(all -> all.stream().anyMatch(
        LangChain4jSmokeTest::isStreamedChat), WAIT);
    Span chat = spans.stream().filter(LangChain4jSmokeTest::isStreamedChat).findFirst()
        .orElseThrow();
    assertThat(chat.getParentSpanId().isEmpty()).isTrue();
    assertThat(chat.getEndTimeUnixNano()).isGreaterThan(chat.getStartTimeUnixNano());
    assertThat(OtlpValues.attributes(chat.getAttributesList()))
        .containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
  }

  /**
   * The sample's agentic trip planner (a sequence of a research agent and a parallel step of two
   * advisers): one span per agent, the advisers' on other threads beneath the parallel step, and
   * no second span for the AI services behind the AI agents.
   */
  @Test
  void anAgenticWorkflowIsOneTraceWithItsParallelStep() {
    List<Span> trace = receiver.awaitSpans(all -> tripTrace(all).stream()
        .filter(s -> s.getName().startsWith("chat ")).count() == 3, WAIT);
    trace = tripTrace(trace);
    Span planner = trace.stream().filter(s -> s.getName().equals("invoke_agent planTrip"))
        .findFirst().orElseThrow();
    assertThat(planner.getParentSpanId().isEmpty()).isTrue();
    assertThat(OtlpValues.attributes(planner.getAttributesList()))
        .containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsEntry("gen_ai.agent.name", "planTrip");
    assertThat(children(trace, planner)).extracting(Span::getName)
        .containsExactly("invoke_agent research", "invoke_agent advice");
    Span advice = children(trace, planner).get(1);
    List<Span> advisers = children(trace, advice);
    assertThat(advisers).extracting(Span::getName)
        .containsExactlyInAnyOrder("invoke_agent pack", "invoke_agent budget");
    for (Span agent : List.of(children(trace, planner).get(0), advisers.get(0), advisers.get(1))) {
      assertThat(children(trace, agent)).extracting(Span::getName)
          .containsExactly("chat gpt-4o-mini");
    }
    assertThat(trace.stream().filter(s -> s.getName().startsWith("invoke_agent ")))
        .as("one span per agent").hasSize(5);
    System.out.println(TREE_HEADER + tree(trace, planner, ""));
  }

  /** The spans of the trip planner's trace (empty until its root span is exported). */
  private static List<Span> tripTrace(List<Span> spans) {
    return spans.stream().filter(s -> s.getName().equals("invoke_agent planTrip")).findFirst()
        .map(root -> spans.stream().filter(s -> s.getTraceId().equals(root.getTraceId()))
            .collect(Collectors.toList()))
        .orElse(List.of());
  }

  private static final String TREE_HEADER = "LangChain4jSmokeTest agentic span tree:\n";

  /** The span tree under {@code root}, one span a line, for the test's output. */
  private static String tree(List<Span> trace, Span root, String indent) {
    StringBuilder out = new StringBuilder(indent + root.getName() + " "
        + root.getKind().name().substring("SPAN_KIND_".length()) + "\n");
    for (Span child : children(trace, root)) {
      out.append(tree(trace, child, indent + "  "));
    }
    return out.toString();
  }

  private static List<Span> children(List<Span> trace, Span parent) {
    return trace.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
        .collect(Collectors.toList());
  }

  /** The streamed chat is the only chat span outside an AI service's trace. */
  private static boolean isStreamedChat(Span span) {
    return span.getName().equals("chat gpt-4o-mini") && span.getParentSpanId().isEmpty();
  }

  /** The trace of the question that used the flight status and weather tools, or null. */
  private static List<Span> flightAndWeatherTrace(List<Span> spans) {
    Map<String, List<Span>> byTrace = spans.stream()
        .collect(Collectors.groupingBy(s -> s.getTraceId().toStringUtf8()));
    for (List<Span> trace : byTrace.values()) {
      boolean flight = trace.stream().anyMatch(s -> s.getName().equals(
          "execute_tool flightStatus"));
      boolean weather = trace.stream().anyMatch(s -> s.getName().equals("execute_tool weather"));
      long chats = trace.stream().filter(s -> s.getName().startsWith("chat ")).count();
      boolean agent = trace.stream().anyMatch(s -> s.getName().startsWith("invoke_agent "));
      if (flight && weather && chats == 2 && agent) {
        return trace;
      }
    }
    return null;
  }

  private static double value(PrometheusText scrape, String name, Map<String, String> labels) {
    return scrape.samples(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static double sum(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name).map(m -> m.pointsWith(subset).stream()
        .mapToDouble(MetricsView.Point::value).sum()).orElse(0.0);
  }

  private static long count(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name).map(m -> m.pointsWith(subset).stream()
        .mapToLong(MetricsView.Point::count).sum()).orElse(0L);
  }

  private static String file(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by Surefire)", property).isNotBlank();
    Path path = Path.of(value);
    assertThat(Files.isRegularFile(path)).as("%s: build it first", path).isTrue();
    return path.toString();
  }
}
