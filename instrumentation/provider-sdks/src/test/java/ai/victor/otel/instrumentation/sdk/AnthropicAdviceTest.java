package ai.victor.otel.instrumentation.sdk;

import static ai.victor.otel.instrumentation.sdk.Recorded.CACHE_READ;
import static ai.victor.otel.instrumentation.sdk.Recorded.CACHE_WRITE;
import static ai.victor.otel.instrumentation.sdk.Recorded.CANCELLED;
import static ai.victor.otel.instrumentation.sdk.Recorded.COST;
import static ai.victor.otel.instrumentation.sdk.Recorded.RETRIES;
import static ai.victor.otel.instrumentation.sdk.Recorded.SERVER;
import static ai.victor.otel.instrumentation.sdk.Recorded.STREAM;
import static ai.victor.otel.instrumentation.sdk.Recorded.ERROR_TYPE;
import static ai.victor.otel.instrumentation.sdk.Recorded.INPUT;
import static ai.victor.otel.instrumentation.sdk.Recorded.OUTPUT;
import static ai.victor.otel.instrumentation.sdk.Recorded.REASONING;
import static ai.victor.otel.instrumentation.sdk.Recorded.TTFC;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Script;
import ai.victor.otel.instrumentation.testing.Exported;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Anthropic Java SDK (okhttp client, blocking and async) against the loopback fake. */
class AnthropicAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static FakeOpenAiServer server;
  private static AnthropicClient client;
  private static AnthropicClientAsync async;
  /** The prices of the module's argLine for claude-cached, per million tokens. */
  private static final double[] PRICES = {3, 15, 0.3, 3.75, 20};
  private final Recorded recorded = new Recorded(testing, "anthropic", server);

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
    client = AnthropicOkHttpClient.builder().apiKey("test-key").baseUrl(server.rootUrl())
        .maxRetries(0).build();
    async = AnthropicOkHttpClientAsync.builder().apiKey("test-key").baseUrl(server.rootUrl())
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    async.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @AfterEach
  void noFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void aMessageCountsItsCacheTokensAsInputAndItsThinkingAsOutput() {
    server.script("claude-cached", Script.DEFAULT.withCacheReadTokens(100)
        .withCacheWriteTokens(20).withReasoningTokens(7)
        .withRateLimits(new Script.RateLimits(50, 49, 40_000, 38_000, 1_000, 1_000)));

    client.messages().create(ask("claude-cached"));

    assertThat(server.exchanges().get(0).requestHeaders())
        .containsEntry("x-stainless-package-version", Recorded.expected("anthropic"));
    SpanData chat = recorded.chats(1).get(0);
    assertThat(chat.getName()).isEqualTo("chat claude-cached");
    assertThat(chat.getAttributes().get(INPUT)).isEqualTo(3 + 100 + 20);
    assertThat(chat.getAttributes().get(OUTPUT)).isEqualTo(5 + 7);
    assertThat(chat.getAttributes().get(CACHE_READ)).isEqualTo(100);
    assertThat(chat.getAttributes().get(CACHE_WRITE)).isEqualTo(20);
    assertThat(chat.getAttributes().get(REASONING)).isEqualTo(7);
    assertThat(chat.getAttributes().get(stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("end_turn");
    recorded.matches("claude-cached", server.exchanges());
    assertThat(recorded.genaiCalls("claude-cached")).isEqualTo(1);
    double cost = Recorded.cost(server.exchanges(), PRICES);
    assertThat(cost).isCloseTo((3 * 3 + 100 * 0.3 + 20 * 3.75 + 5 * 15 + 7 * 20) / 1e6,
        within(1e-12));
    assertThat(recorded.cost("claude-cached")).isCloseTo(cost, within(1e-12));
    assertThat(chat.getAttributes().get(COST)).isCloseTo(cost, within(1e-12));
    assertThat(chat.getAttributes().get(SERVER)).isEqualTo("127.0.0.1");
    assertThat(recorded.rateLimit("remaining", "claude-cached", "requests")).isEqualTo(49.0);
    assertThat(recorded.rateLimit("limit", "claude-cached", "requests")).isEqualTo(50.0);
    assertThat(recorded.rateLimit("remaining", "claude-cached", "tokens")).isEqualTo(38_000.0);
    assertThat(recorded.rateLimit("limit", "claude-cached", "tokens")).isEqualTo(40_000.0);
  }

  @Test
  void streamsBlockingAndAsyncAndAsyncMessagesEndWithTheirResults() throws Exception {
    server.script("claude-stream", Script.DEFAULT.withCacheReadTokens(40).withPacing(50, 5));
    MessageCreateParams params = MessageCreateParams.builder().model("claude-stream")
        .maxTokens(256).addUserMessage("one two three").build();

    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      assertThat(stream.stream().count()).isEqualTo(9);
    }
    AtomicInteger events = new AtomicInteger();
    AsyncStreamResponse<RawMessageStreamEvent> stream = async.messages().createStreaming(params);
    stream.subscribe(event -> events.incrementAndGet());
    stream.onCompleteFuture().get();
    async.messages().create(params).get();

    assertThat(events).hasValue(9);
    List<SpanData> chats = recorded.chats(3);
    assertThat(chats).hasSize(3).allSatisfy(chat -> {
      assertThat(chat.getAttributes().get(CACHE_READ)).isEqualTo(40);
      assertThat(chat.getAttributes().get(INPUT)).isEqualTo(4 + 40);
    });
    assertThat(chats.get(0).getAttributes().get(TTFC)).isGreaterThanOrEqualTo(0.05);
    assertThat(chats).extracting(chat -> chat.getAttributes().get(STREAM))
        .containsExactly(true, true, null);
    recorded.matches("claude-stream", server.exchanges());
    List<FakeOpenAiServer.Exchange> streams = server.exchanges().subList(0, 2);
    assertThat(recorded.firstChunks("claude-stream")).isEqualTo(2);
    assertThat(recorded.firstChunkSeconds("claude-stream")).isGreaterThanOrEqualTo(
        streams.stream().mapToDouble(e -> e.outputChunks().get(0).offsetNanos() / 1e9).sum());
    assertThat(recorded.laterChunks("claude-stream")).isEqualTo(
        streams.stream().mapToLong(e -> e.outputChunks().size() - 1).sum());
    assertThat(recorded.genaiCalls("claude-stream")).isEqualTo(3);
  }

  @Test
  void failuresAreClassified() {
    server.failNext(429, 1);
    assertThatThrownBy(() -> client.messages().create(ask("claude-errors")));
    server.failNext(529, 1);
    assertThatThrownBy(() -> client.messages().create(ask("claude-errors")));
    server.failNext(400, 1);
    assertThatThrownBy(() -> client.messages().create(ask("claude-errors")));
    server.failNext(500, 1);
    assertThatThrownBy(() -> async.messages().create(ask("claude-errors")).join());

    assertThat(recorded.errors("claude-errors", "rate_limited")).isEqualTo(1);
    assertThat(recorded.errors("claude-errors", "server")).isEqualTo(2);
    assertThat(recorded.errors("claude-errors", "client")).isEqualTo(1);
    assertThat(recorded.chats(4)).extracting(chat -> chat.getAttributes().get(ERROR_TYPE))
        .containsExactly("rate_limited", "server", "client", "server");
  }

  @Test
  void aRetriedCallIsOneCallWithARetry() {
    server.failNext(529, 1);
    client.withOptions(o -> o.maxRetries(1)).messages().create(ask("claude-errors"));

    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(529, 200);
    assertThat(recorded.calls("claude-errors")).isEqualTo(1);
    assertThat(recorded.errors("claude-errors", "server")).isZero();
    assertThat(recorded.retries("claude-errors")).isEqualTo(1);
    assertThat(recorded.chats(1).get(0).getAttributes().get(RETRIES)).isEqualTo(1);
  }

  @Test
  void aStreamClosedBeforeItsEndIsCancelledNotCounted() {
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(ask("claude-stream"))) {
      assertThat(stream.stream().findFirst()).isPresent();
    }

    assertThat(recorded.chats(1).get(0).getAttributes().get(CANCELLED)).isTrue();
    assertThat(recorded.calls("claude-stream")).isZero();
  }

  private static MessageCreateParams ask(String model) {
    return MessageCreateParams.builder().model(model).maxTokens(256)
        .addUserMessage("Hello there").build();
  }
}
