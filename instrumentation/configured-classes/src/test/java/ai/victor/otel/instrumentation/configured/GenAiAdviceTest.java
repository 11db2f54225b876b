package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static ai.victor.otel.instrumentation.testing.Exported.histogramSum;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.fake.openai.Chunk;
import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Script;
import ai.victor.fake.openai.Usage;
import ai.victor.otel.instrumentation.configured.app.http.Answer;
import ai.victor.otel.instrumentation.configured.app.http.HttpChatClient;
import ai.victor.otel.instrumentation.configured.app.http.Planner;
import ai.victor.otel.instrumentation.configured.app.http.Request;
import ai.victor.otel.instrumentation.testing.Exported;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 through configured classes: an application's own HTTP client of the fake provider
 * (target http-llm), an agent method with its tool loop (planner) and the tool (lookup), under the
 * agent with only the settings of advice-test.properties. The values asserted are the ones the
 * fake sent.
 */
class GenAiAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String MODEL = "gpt-cfg";
  /** How much the client's handling of two chunks of one stream may differ. */
  private static final double JITTER_SECONDS = 0.5;
  private static FakeOpenAiServer server;
  private static HttpChatClient client;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0);
    client = new HttpChatClient(server.baseUrl());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
    server.script(MODEL, Script.DEFAULT);
  }

  private static FakeOpenAiServer.Exchange last() {
    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    return exchanges.get(exchanges.size() - 1);
  }

  private static Attributes tokens(String type) {
    return attributes("provider", "openai", "model", MODEL, "token_type", type);
  }

  private static Attributes genai() {
    URI base = URI.create(server.baseUrl());
    return attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", MODEL, "server.address", base.getHost()).toBuilder()
        .put("server.port", (long) base.getPort()).build();
  }

  @Test
  void tokensByKindCostRateLimitsAndARetry() throws Exception {
    server.script(MODEL, Script.DEFAULT.withCacheReadTokens(600).withReasoningTokens(40)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 1_000, 1_000)));
    server.failNext(503, 1);

    Answer answer = client.complete(Request.of(MODEL, "conversation-1", false, "hello cache",
        List.of()));

    assertThat(answer.retries()).isEqualTo(1);
    Usage usage = last().usage();
    assertThat(counter(testing, "victor.provider.tokens", tokens("input")))
        .isEqualTo(usage.inputTokens());
    assertThat(counter(testing, "victor.provider.tokens", tokens("cache_read"))).isEqualTo(600);
    assertThat(counter(testing, "victor.provider.tokens", tokens("reasoning"))).isEqualTo(40);
    assertThat(Exported.hasSeries(testing, "victor.provider.tokens", tokens("cache_write")))
        .as("not reported is no series").isFalse();
    double expected = ((usage.inputTokens() - 600) * 2.5 + 600 * 1.25
        + (usage.outputTokens() - 40) * 10 + 40 * 10) / 1e6;
    double cost = 0;
    for (MetricData data : Exported.metric(testing, "victor.provider.cost")) {
      for (DoublePointData point : data.getDoubleSumData().getPoints()) {
        cost += point.getValue();
      }
    }
    assertThat(cost).isCloseTo(expected, within(1e-12));
    assertThat(counter(testing, "victor.provider.retries",
        attributes("provider", "openai", "model", MODEL))).isEqualTo(1);
    assertThat(Exported.gauge(testing, "victor.provider.rate_limit.remaining", attributes(
        "provider", "openai", "model", MODEL, "limit_type", "tokens"))).isEqualTo(29_000.0);
    assertThat(histogramCount(testing, "gen_ai.client.operation.duration", genai().toBuilder()
        .put("gen_ai.response.model", MODEL).build())).isEqualTo(1);

    SpanData chat = testing.waitForTraces(1).get(0).get(0);
    assertThat(chat.getName()).isEqualTo("chat " + MODEL);
    assertThat(chat.getAttributes().get(stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-1");
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.cache_read.input_tokens")))
        .isEqualTo(600);
    assertThat(chat.getAttributes().get(doubleKey("victor.cost")))
        .isCloseTo(expected, within(1e-12));
    assertThat(chat.getAttributes().get(booleanKey("gen_ai.request.stream"))).isFalse();
  }

  @Test
  void aStreamedAnswerThroughTheChunkMethod() throws Exception {
    server.script(MODEL, Script.DEFAULT.withPacing(300, 150));

    Answer answer = client.complete(Request.of(MODEL, "conversation-2", true,
        "one two three four five six", List.of()));

    assertThat(answer.text()).isEqualTo("Echo: one two three four five six");
    List<Chunk> output = last().outputChunks();
    double firstSent = output.get(0).offsetNanos() / 1e9;
    double lastSent = output.get(output.size() - 1).offsetNanos() / 1e9;
    SpanData chat = testing.waitForTraces(1).get(0).get(0);
    double firstSeen = chat.getAttributes().get(doubleKey("gen_ai.response.time_to_first_chunk"));
    double duration = (chat.getEndEpochNanos() - chat.getStartEpochNanos()) / 1e9;
    assertThat(firstSeen).isGreaterThanOrEqualTo(firstSent)
        .isLessThanOrEqualTo(duration - (lastSent - firstSent) + JITTER_SECONDS);
    assertThat(chat.getAttributes().get(booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(histogramSum(testing, "gen_ai.client.operation.time_to_first_chunk", genai()))
        .isEqualTo(firstSeen);
    assertThat(histogramCount(testing, "gen_ai.client.operation.time_per_output_chunk",
        genai())).isEqualTo(output.size() - 1);
    assertThat(counter(testing, "victor.provider.tokens", tokens("output")))
        .isEqualTo(last().usage().outputTokens());
  }

  @Test
  void anAgentMethodCountsItsToolLoop() throws Exception {
    server.script(MODEL, Script.DEFAULT.withToolRounds(3));

    String answer = new Planner(client).plan("conversation-3", "please lookup the weather",
        MODEL);

    assertThat(answer).startsWith("Tool results: lookup found ");
    Attributes agent = attributes("agent", "planner");
    assertThat(histogramCount(testing, "victor.agent.model_calls", agent)).isEqualTo(1);
    assertThat(histogramSum(testing, "victor.agent.model_calls", agent)).isEqualTo(4);
    assertThat(histogramSum(testing, "victor.agent.tool_calls", agent)).isEqualTo(3);
    assertThat(counter(testing, "victor.agent.repeated_tool_calls", attributes("tool",
        "lookup"))).isEqualTo(2);
    assertThat(histogramCount(testing, "gen_ai.invoke_agent.duration",
        attributes("gen_ai.agent.name", "planner"))).isEqualTo(1);
    List<SpanData> trace = testing.waitForTraces(1).get(0);
    SpanData invocation = trace.stream().filter(s -> s.getName().equals("invoke_agent planner"))
        .findFirst().orElseThrow();
    assertThat(trace).filteredOn(s -> !s.equals(invocation))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(invocation.getSpanId()))
        .hasSize(7);
    assertThat(invocation.getAttributes().get(stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-3");
  }
}
