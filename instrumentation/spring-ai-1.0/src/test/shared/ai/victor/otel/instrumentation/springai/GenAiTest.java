package ai.victor.otel.instrumentation.springai;

import static ai.victor.otel.instrumentation.springai.Recorded.attributes;
import static ai.victor.otel.instrumentation.springai.Recorded.count;
import static ai.victor.otel.instrumentation.springai.Recorded.counter;
import static ai.victor.otel.instrumentation.springai.Recorded.named;
import static ai.victor.otel.instrumentation.springai.Recorded.one;
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
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Issue 14 on the real Spring AI stack against the fake provider, oldest and newest release: the
 * exact cached and reasoning tokens and their cost, rate limits and retries where the module sees
 * the HTTP requests, the time to first chunk of a paced stream, and a ChatClient call as an agent
 * invocation counting its tool loop. Prices come from the test argLine.
 */
class GenAiTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final double INPUT = 2.5;
  private static final double OUTPUT = 10;
  private static final double CACHE_READ = 1.25;
  private static final double REASONING = 10;
  /** How much the client's handling of two chunks of one stream may differ. */
  private static final double JITTER_SECONDS = 0.5;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /*
   * Models of SpringAiAdviceTest where they can serve: one test JVM stays within the cap of 15
   * provider/model pairs per instrument (docs/decisions.md), whatever the order of the tests.
   */
  private static final String PACED = "gpt-stream";
  private static final String LOOP = "gpt-tools";
  private static final String RETRIED = "gpt-plain";
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startFakeProvider() throws Exception {
    server = FakeOpenAiServer.start(0);
    // The first call loads and instruments the whole client stack: not any test's time.
    ChatClient warmup = ChatClient.create(VersionedModels.openAi(server, "gpt-warmup",
        ObservationRegistry.NOOP, Duration.ofSeconds(60)));
    warmup.prompt().user("warm up").call().content();
    warmup.prompt().user("warm up").stream().content().blockLast();
  }

  @AfterAll
  static void stopFakeProvider() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Recorded.assertNoExtensionFailures(testing);
  }

  private static Attributes tokens(String model, String type) {
    return attributes("provider", "openai", "model", model, "token_type", type);
  }

  private static FakeOpenAiServer.Exchange last(String model) {
    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    for (int i = exchanges.size() - 1; i >= 0; i--) {
      if (exchanges.get(i).model().equals(model) && exchanges.get(i).status() == 200) {
        return exchanges.get(i);
      }
    }
    throw new AssertionError("no answer for " + model);
  }

  private static double cost(String model) {
    double total = 0;
    for (MetricData data : Recorded.anyScope(testing, "victor.provider.cost")) {
      for (DoublePointData point : data.getDoubleSumData().getPoints()) {
        if (point.getAttributes().equals(attributes("provider", "openai", "model", model,
            "currency", "USD"))) {
          total += point.getValue();
        }
      }
    }
    return total;
  }

  @Test
  void cachedAndReasoningTokensAndTheirCost() {
    server.script("gpt-priced", Script.DEFAULT.withCacheReadTokens(600).withReasoningTokens(40)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 1_000, 1_000)));
    ChatClient.create(VersionedModels.openAi(server, "gpt-priced", ObservationRegistry.NOOP,
        TIMEOUT)).prompt().user("what does a cache hit cost?").call().content();

    Usage usage = last("gpt-priced").usage();
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "input")))
        .isEqualTo(usage.inputTokens());
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "output")))
        .isEqualTo(usage.outputTokens());
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "cache_read")))
        .isEqualTo(600);
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "reasoning")))
        .isEqualTo(40);
    double expected = ((usage.inputTokens() - 600) * INPUT + 600 * CACHE_READ
        + (usage.outputTokens() - 40) * OUTPUT + 40 * REASONING) / 1e6;
    assertThat(cost("gpt-priced")).isCloseTo(expected, within(1e-12));

    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat gpt-priced").isEmpty());
    SpanData chat = one(spans, "chat gpt-priced");
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.cache_read.input_tokens")))
        .isEqualTo(600);
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.reasoning.output_tokens")))
        .isEqualTo(40);
    assertThat(chat.getAttributes().get(doubleKey("victor.cost")))
        .isCloseTo(expected, within(1e-12));
    if (VersionedModels.SEES_HTTP_REQUESTS) {
      URI base = URI.create(server.baseUrl());
      assertThat(chat.getAttributes().get(stringKey("server.address"))).isEqualTo(base.getHost());
      assertThat(Recorded.gauge(testing, "victor.provider.rate_limit.remaining",
          attributes("provider", "openai", "model", "gpt-priced", "limit_type", "requests")))
          .isEqualTo(499.0);
      assertThat(Recorded.gauge(testing, "victor.provider.rate_limit.limit",
          attributes("provider", "openai", "model", "gpt-priced", "limit_type", "tokens")))
          .isEqualTo(30_000.0);
    }
  }

  @Test
  void aRetriedCallIsOneCallWithItsRetries() {
    server.failNext(500, 1);
    String answer = ChatClient.create(VersionedModels.openAi(server, RETRIED,
        ObservationRegistry.NOOP, TIMEOUT, 2)).prompt().user("try twice").call().content();

    assertThat(answer).isEqualTo("Echo: try twice");
    Attributes pair = attributes("provider", "openai", "model", RETRIED);
    assertThat(count(testing, "victor.provider.latency_ms", pair)).isEqualTo(1);
    assertThat(counter(testing, "victor.provider.errors", pair.toBuilder()
        .put("error_type", "server").build())).isZero();
    // 2.x retries inside the OpenAI SDK's own HTTP client, which this module does not see.
    assertThat(counter(testing, "victor.provider.retries", pair))
        .isEqualTo(VersionedModels.SEES_HTTP_REQUESTS ? 1 : 0);
  }

  @Test
  void aPacedStreamRecordsItsTimeToFirstChunk() {
    server.script(PACED, Script.DEFAULT.withPacing(300, 150));
    List<ChatResponse> elements = VersionedModels.openAi(server, PACED,
        ObservationRegistry.NOOP, TIMEOUT).stream(new Prompt("one two three four five six"))
        .collectList().block(TIMEOUT);

    List<Chunk> output = last(PACED).outputChunks();
    double firstSent = output.get(0).offsetNanos() / 1e9;
    double lastSent = output.get(output.size() - 1).offsetNanos() / 1e9;
    assertThat(firstSent).isGreaterThanOrEqualTo(0.3);
    Attributes genai = attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name",
        "openai", "gen_ai.request.model", PACED);
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat " + PACED).isEmpty());
    SpanData chat = one(spans, "chat " + PACED);
    double firstSeen = chat.getAttributes().get(doubleKey("gen_ai.response.time_to_first_chunk"));
    double duration = (chat.getEndEpochNanos() - chat.getStartEpochNanos()) / 1e9;
    // At least when the fake sent it; before the rest of the stream, up to the client's jitter.
    assertThat(firstSeen).isGreaterThanOrEqualTo(firstSent)
        .isLessThanOrEqualTo(duration - (lastSent - firstSent) + JITTER_SECONDS);
    assertThat(chat.getAttributes().get(booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(count(testing, "gen_ai.client.operation.time_to_first_chunk",
        genai)).isEqualTo(1);
    assertThat(Recorded.sum(testing, "gen_ai.client.operation.time_to_first_chunk",
        genai)).isEqualTo(firstSeen);
    // Every element of the Flux is a chunk: the time between each and the one before.
    assertThat(count(testing, "gen_ai.client.operation.time_per_output_chunk",
        genai)).isEqualTo(elements.size() - 1);
  }

  @Test
  void aChatClientCallIsAnInvocationCountingItsToolLoop() {
    server.script(LOOP, Script.DEFAULT.withToolRounds(3));
    String answer = ChatClient.create(VersionedModels.openAi(server, LOOP,
            ObservationRegistry.NOOP, TIMEOUT)).prompt()
        .user("What is the weather in Lima?").tools(new AppTools())
        .advisors(advisor -> advisor.param(ChatClientCalls.CONVERSATION_ID, "conversation-42"))
        .call().content();

    assertThat(answer).startsWith("Tool results: ").contains("sunny in ");
    Attributes agent = attributes("agent", "ChatClient");
    assertThat(count(testing, "victor.agent.model_calls", agent)).isEqualTo(1);
    assertThat(Recorded.sum(testing, "victor.agent.model_calls", agent))
        .as("three tool rounds and the answer, as one call (1.x) or four (2.x)").isEqualTo(4);
    assertThat(Recorded.sum(testing, "victor.agent.tool_calls", agent)).isEqualTo(3);
    assertThat(counter(testing, "victor.agent.repeated_tool_calls", attributes("tool",
        "weather"))).as("rounds 2 and 3 repeat round 1's call").isEqualTo(2);
    assertThat(count(testing, "gen_ai.invoke_agent.duration",
        attributes("gen_ai.agent.name", "ChatClient"))).isEqualTo(1);
    assertThat(count(testing, "gen_ai.execute_tool.duration",
        attributes("gen_ai.tool.name", "weather"))).isEqualTo(3);
    List<SpanData> spans = Recorded.spans(testing,
        s -> !named(s, "invoke_agent ChatClient").isEmpty());
    SpanData invocation = one(spans, "invoke_agent ChatClient");
    assertThat(invocation.getAttributes().get(stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-42");
    assertThat(named(spans, "chat " + LOOP)).isNotEmpty().allSatisfy(chat ->
        assertThat(chat.getAttributes().get(stringKey("gen_ai.conversation.id")))
            .isEqualTo("conversation-42"));
  }
}
