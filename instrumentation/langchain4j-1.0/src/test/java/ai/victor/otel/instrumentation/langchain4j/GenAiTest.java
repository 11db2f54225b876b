package ai.victor.otel.instrumentation.langchain4j;

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
import ai.victor.otel.instrumentation.langchain4j.app.MemoryAssistant;
import ai.victor.otel.instrumentation.langchain4j.app.TravelTools;
import ai.victor.otel.instrumentation.testing.Exported;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 on the real LangChain4j OpenAI stack against the fake provider: the exact cached and
 * reasoning tokens, cost and rate limits the fake sent, retries inside one call, the time to
 * first chunk of a paced stream, and an AI service's tool loop counted per invocation. Prices come
 * from the module's test argLine ({@code victor.otel.pricing.openai.gpt-priced.*}).
 */
class GenAiTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  /** The prices of the argLine, per million tokens. */
  private static final double INPUT = 2.5;
  private static final double OUTPUT = 10;
  private static final double CACHE_READ = 1.25;
  private static final double REASONING = 10;
  /** How much the client's handling of two chunks of one stream may differ. */
  private static final double JITTER_SECONDS = 0.5;
  private static FakeOpenAiServer server;
  private static String host;
  private static long port;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0);
    URI base = URI.create(server.baseUrl());
    host = base.getHost();
    port = base.getPort();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static Attributes tokens(String model, String type) {
    return attributes("provider", "openai", "model", model, "token_type", type);
  }

  private static double cost(String model) {
    double total = 0;
    for (MetricData data : Exported.metric(testing, "victor.provider.cost")) {
      for (DoublePointData point : data.getDoubleSumData().getPoints()) {
        if (point.getAttributes().equals(attributes("provider", "openai", "model", model,
            "currency", "USD"))) {
          total += point.getValue();
        }
      }
    }
    return total;
  }

  private static Attributes genai(String model) {
    return Attributes.builder().put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai").put("gen_ai.request.model", model)
        .put("server.address", host).put("server.port", port).build();
  }

  @Test
  void cachedAndReasoningTokensTheirCostAndTheRateLimitsOfACall() {
    server.script("gpt-priced", Script.DEFAULT.withCacheReadTokens(600).withReasoningTokens(40)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 1_000, 1_000)));
    Models.chat(server, "gpt-priced").chat("what does a cache hit cost?");
    // A second call of the model: the server, learnt from the first request, is on the recorder.
    Models.chat(server, "gpt-priced").chat("and a second one?");

    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    Usage first = exchanges.get(exchanges.size() - 2).usage();
    Usage second = exchanges.get(exchanges.size() - 1).usage();
    long input = first.inputTokens() + second.inputTokens();
    long output = first.outputTokens() + second.outputTokens();
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "input")))
        .isEqualTo(input);
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "output")))
        .isEqualTo(output);
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "cache_read")))
        .isEqualTo(1200);
    assertThat(counter(testing, "victor.provider.tokens", tokens("gpt-priced", "reasoning")))
        .isEqualTo(80);
    assertThat(Exported.hasSeries(testing, "victor.provider.tokens",
        tokens("gpt-priced", "cache_write"))).as("OpenAI reports no cache writes").isFalse();
    double expected = ((input - 1200) * INPUT + 1200 * CACHE_READ + (output - 80) * OUTPUT
        + 80 * REASONING) / 1e6;
    assertThat(cost("gpt-priced")).isCloseTo(expected, within(1e-12));

    List<SpanData> spans = testing.waitForTraces(2).stream().flatMap(List::stream)
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    SpanData chat = spans.get(0);
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.cache_read.input_tokens")))
        .isEqualTo(600);
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.reasoning.output_tokens")))
        .isEqualTo(40);
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(first.inputTokens());
    assertThat(chat.getAttributes().get(doubleKey("victor.cost"))).isCloseTo(
        ((first.inputTokens() - 600) * INPUT + 600 * CACHE_READ
            + (first.outputTokens() - 40) * OUTPUT + 40 * REASONING) / 1e6, within(1e-12));
    assertThat(chat.getAttributes().get(stringKey("server.address"))).isEqualTo(host);
    assertThat(chat.getAttributes().get(longKey("server.port"))).isEqualTo(port);
    assertThat(chat.getAttributes().get(booleanKey("gen_ai.request.stream"))).isNull();

    Attributes requests = attributes("provider", "openai", "model", "gpt-priced",
        "limit_type", "requests");
    Attributes budget = attributes("provider", "openai", "model", "gpt-priced",
        "limit_type", "tokens");
    assertThat(Exported.gauge(testing, "victor.provider.rate_limit.remaining", requests))
        .isEqualTo(499.0);
    assertThat(Exported.gauge(testing, "victor.provider.rate_limit.limit", requests))
        .isEqualTo(500.0);
    assertThat(Exported.gauge(testing, "victor.provider.rate_limit.remaining", budget))
        .isEqualTo(29_000.0);
    Attributes answered = genai("gpt-priced").toBuilder()
        .put("gen_ai.response.model", "gpt-priced").build();
    assertThat(histogramCount(testing, "gen_ai.client.operation.duration", answered))
        .isEqualTo(2);
  }

  /**
   * The model of the tool-loop test, asked without tools: the test JVM's calls stay within the
   * per-instrument cap of 15 provider/model pairs (docs/decisions.md), whatever the test order.
   */
  @Test
  void aRetriedCallIsOneCallWithARetry() {
    server.failNext(500, 1);
    ChatResponse response = Models.chat(server, "gpt-loop", 1, Duration.ofSeconds(10))
        .chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("try twice")).build());

    assertThat(response.aiMessage().text()).isEqualTo("Echo: try twice");
    Attributes pair = attributes("provider", "openai", "model", "gpt-loop");
    assertThat(counter(testing, "victor.provider.retries", pair)).isEqualTo(1);
    assertThat(histogramCount(testing, "victor.provider.latency_ms", pair)).isEqualTo(1);
    assertThat(counter(testing, "victor.provider.errors", pair.toBuilder()
        .put("error_type", "server").build())).isZero();
    SpanData chat = Spans.single(Spans.oneTrace(testing), "chat gpt-loop");
    assertThat(chat.getAttributes().get(longKey("victor.provider.retries"))).isEqualTo(1);
  }

  @Test
  void aPacedStreamRecordsItsTimeToFirstChunk() throws Exception {
    server.script("gpt-paced", Script.DEFAULT.withPacing(300, 150)
        .withRateLimits(new Script.RateLimits(60, 59, 1_000, 990, 1_000, 1_000)));
    AtomicInteger partials = new AtomicInteger();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    Models.streaming(server, "gpt-paced").chat("one two three four five six",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {
            partials.incrementAndGet();
          }

          @Override
          public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    done.get(20, TimeUnit.SECONDS);

    FakeOpenAiServer.Exchange exchange = server.exchanges().get(server.exchanges().size() - 1);
    List<Chunk> output = exchange.outputChunks();
    assertThat(partials.get()).isEqualTo(output.size());
    double firstSent = output.get(0).offsetNanos() / 1e9;
    assertThat(firstSent).isGreaterThanOrEqualTo(0.3);
    Attributes genai = genai("gpt-paced");
    assertThat(histogramCount(testing, "gen_ai.client.operation.time_to_first_chunk", genai))
        .isEqualTo(1);
    double firstSeen = histogramSum(testing, "gen_ai.client.operation.time_to_first_chunk",
        genai);
    SpanData chat = Spans.single(Spans.oneTrace(testing), "chat gpt-paced");
    double duration = (chat.getEndEpochNanos() - chat.getStartEpochNanos()) / 1e9;
    double lastSent = output.get(output.size() - 1).offsetNanos() / 1e9;
    // Measured from the call's start, which precedes the request's arrival at the fake (the
    // fake's clock) by the client's own work: at least when the fake sent it, and before the
    // rest of the stream, which came (lastSent - firstSent) later, up to the client's jitter.
    assertThat(firstSeen).isGreaterThanOrEqualTo(firstSent)
        .isLessThanOrEqualTo(duration - (lastSent - firstSent) + JITTER_SECONDS);
    assertThat(lastSent - firstSent).as("the fake's pacing").isGreaterThanOrEqualTo(
        0.15 * (output.size() - 1));
    assertThat(histogramCount(testing, "gen_ai.client.operation.time_per_output_chunk", genai))
        .isEqualTo(output.size() - 1);
    assertThat(histogramSum(testing, "gen_ai.client.operation.time_per_output_chunk", genai))
        .isGreaterThanOrEqualTo(lastSent - firstSent - JITTER_SECONDS);
    assertThat(chat.getAttributes().get(booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(chat.getAttributes().get(doubleKey("gen_ai.response.time_to_first_chunk")))
        .isEqualTo(firstSeen);
    assertThat(Exported.gauge(testing, "victor.provider.rate_limit.remaining", attributes(
        "provider", "openai", "model", "gpt-paced", "limit_type", "tokens"))).isEqualTo(990.0);
  }

  @Test
  void aToolLoopIsCountedPerInvocationWithItsRepeatedCalls() {
    server.script("gpt-loop", Script.DEFAULT.withToolRounds(3));
    TravelTools tools = new TravelTools();
    MemoryAssistant assistant = AiServices.builder(MemoryAssistant.class)
        .chatModel(Models.chat(server, "gpt-loop"))
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
        .tools(tools)
        .build();

    String answer = assistant.chat("conversation-42", "What is the weather in Lima?");

    assertThat(answer).startsWith("Tool results: sunny in sample");
    assertThat(tools.weatherCalls).hasValue(3);
    Attributes agent = attributes("agent", "MemoryAssistant");
    assertThat(histogramCount(testing, "victor.agent.model_calls", agent)).isEqualTo(1);
    assertThat(histogramSum(testing, "victor.agent.model_calls", agent)).isEqualTo(4);
    assertThat(histogramSum(testing, "victor.agent.tool_calls", agent)).isEqualTo(3);
    assertThat(counter(testing, "victor.agent.repeated_tool_calls", attributes("tool",
        "weather"))).as("rounds 2 and 3 repeat round 1's call").isEqualTo(2);
    assertThat(histogramCount(testing, "gen_ai.invoke_agent.duration",
        attributes("gen_ai.agent.name", "MemoryAssistant"))).isEqualTo(1);
    assertThat(histogramCount(testing, "gen_ai.execute_tool.duration",
        attributes("gen_ai.tool.name", "weather"))).isEqualTo(3);

    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData invocation = Spans.single(trace, "invoke_agent MemoryAssistant");
    assertThat(invocation.getAttributes().get(stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-42");
    assertThat(Spans.named(trace, "chat gpt-loop")).hasSize(4).allSatisfy(chat ->
        assertThat(chat.getAttributes().get(stringKey("gen_ai.conversation.id")))
            .isEqualTo("conversation-42"));
  }
}
