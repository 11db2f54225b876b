package ai.victor.otel.instrumentation.sdk;

import static ai.victor.otel.instrumentation.sdk.Recorded.CACHE_READ;
import static ai.victor.otel.instrumentation.sdk.Recorded.CANCELLED;
import static ai.victor.otel.instrumentation.sdk.Recorded.COST;
import static ai.victor.otel.instrumentation.sdk.Recorded.PORT;
import static ai.victor.otel.instrumentation.sdk.Recorded.RETRIES;
import static ai.victor.otel.instrumentation.sdk.Recorded.SERVER;
import static ai.victor.otel.instrumentation.sdk.Recorded.STREAM;
import static ai.victor.otel.instrumentation.sdk.Recorded.ERROR_TYPE;
import static ai.victor.otel.instrumentation.sdk.Recorded.INPUT;
import static ai.victor.otel.instrumentation.sdk.Recorded.OUTPUT;
import static ai.victor.otel.instrumentation.sdk.Recorded.REASONING;
import static ai.victor.otel.instrumentation.sdk.Recorded.TTFC;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Script;
import ai.victor.otel.instrumentation.testing.Exported;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real OpenAI Java SDK (okhttp client, blocking and async) against the loopback fake, under
 * the testing agent with the extension. The testing agent has no upstream instrumentation, so
 * this is the "upstream's OpenAI module off" case; the smoke test runs both.
 */
class OpenAiAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static FakeOpenAiServer server;
  private static OpenAIClient client;
  private static OpenAIClientAsync async;
  /** The prices of the module's argLine for gpt-cached, per million tokens. */
  private static final double[] PRICES = {2, 8, 0.5, 0, 10};
  private final Recorded recorded = new Recorded(testing, "openai", server);

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 2_000);
    client = OpenAIOkHttpClient.builder().apiKey("test-key").baseUrl(server.baseUrl())
        .maxRetries(0).build();
    async = OpenAIOkHttpClientAsync.builder().apiKey("test-key").baseUrl(server.baseUrl())
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
  void aChatCompletionIsAChatSpanWithItsTokensCachedAndReasoning() {
    server.script("gpt-cached", Script.DEFAULT.withCacheReadTokens(64).withReasoningTokens(10)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 1_000, 1_000)));

    client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-cached")
        .addUserMessage("Hello there").build());

    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    assertThat(exchange.requestHeaders()).containsEntry("x-stainless-package-version",
        Recorded.expected("openai"));
    SpanData chat = recorded.chats(1).get(0);
    assertThat(chat.getName()).isEqualTo("chat gpt-cached");
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getAttributes().get(stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.response.model")))
        .isEqualTo("gpt-cached");
    assertThat(chat.getAttributes().get(stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(chat.getAttributes().get(INPUT)).isEqualTo(3 + 64);
    assertThat(chat.getAttributes().get(OUTPUT)).isEqualTo(5 + 10);
    assertThat(chat.getAttributes().get(CACHE_READ)).isEqualTo(64);
    assertThat(chat.getAttributes().get(REASONING)).isEqualTo(10);
    recorded.matches("gpt-cached", server.exchanges());
    assertThat(recorded.genaiCalls("gpt-cached")).isEqualTo(1);
    double cost = Recorded.cost(server.exchanges(), PRICES);
    assertThat(cost).isCloseTo((3 * 2 + 64 * 0.5 + 5 * 8 + 10 * 10) / 1e6, within(1e-12));
    assertThat(recorded.cost("gpt-cached")).isCloseTo(cost, within(1e-12));
    assertThat(chat.getAttributes().get(COST)).isCloseTo(cost, within(1e-12));
    assertThat(chat.getAttributes().get(SERVER)).isEqualTo("127.0.0.1");
    assertThat(chat.getAttributes().get(PORT)).isEqualTo(server.port());
    assertThat(chat.getAttributes().get(STREAM)).isNull();
    assertThat(recorded.rateLimit("remaining", "gpt-cached", "requests")).isEqualTo(499.0);
    assertThat(recorded.rateLimit("limit", "gpt-cached", "requests")).isEqualTo(500.0);
    assertThat(recorded.rateLimit("remaining", "gpt-cached", "tokens")).isEqualTo(29_000.0);
    assertThat(recorded.rateLimit("limit", "gpt-cached", "tokens")).isEqualTo(30_000.0);
  }

  @Test
  void aRetriedCallIsOneCallWithARetry() throws Exception {
    OpenAIClient patient = client.withOptions(o -> o.maxRetries(1));
    OpenAIClientAsync patientAsync = async.withOptions(o -> o.maxRetries(1));
    server.failNext(500, 1);
    patient.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-errors")
        .addUserMessage("try twice").build());
    // Asynchronous retries: at once after a 429 with retry-after 0, from the sleeper's timer
    // after a 500; neither in the caller's context.
    for (int status : new int[] {429, 500}) {
      server.failNext(status, 1);
      patientAsync.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-errors").addUserMessage("try twice").build()).get();
    }

    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(500, 200, 429, 200, 500, 200);
    assertThat(recorded.calls("gpt-errors")).isEqualTo(3);
    assertThat(recorded.errors("gpt-errors", "server")).isZero();
    assertThat(recorded.errors("gpt-errors", "rate_limited")).isZero();
    assertThat(recorded.retries("gpt-errors")).isEqualTo(3);
    assertThat(recorded.chats(3)).extracting(chat -> chat.getAttributes().get(RETRIES))
        .containsExactly(1L, 1L, 1L);
  }

  @Test
  void theResponsesApiBlockingAsyncAndStreamed() throws Exception {
    server.script("gpt-resp", Script.DEFAULT.withCacheReadTokens(16).withPacing(50, 5));
    ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-resp")
        .input("one two three").build();

    client.responses().create(params);
    async.responses().create(params).get();
    AtomicInteger events = new AtomicInteger();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      stream.stream().forEach(event -> events.incrementAndGet());
    }

    assertThat(events).hasValue(12);
    List<SpanData> chats = recorded.chats(3);
    assertThat(chats).extracting(SpanData::getName).containsOnly("chat gpt-resp").hasSize(3);
    assertThat(chats).allSatisfy(chat -> assertThat(chat.getAttributes().get(CACHE_READ))
        .isEqualTo(16));
    assertThat(chats.get(2).getAttributes().get(TTFC)).isGreaterThanOrEqualTo(0.05);
    assertThat(chats.get(2).getAttributes().get(STREAM)).isTrue();
    assertThat(chats.get(0).getAttributes().get(TTFC)).isNull();
    recorded.matches("gpt-resp", server.exchanges());
    assertThat(recorded.genaiCalls("gpt-resp")).isEqualTo(3);
    FakeOpenAiServer.Exchange streamed = server.exchanges().get(2);
    assertThat(recorded.firstChunks("gpt-resp")).isEqualTo(1);
    assertThat(recorded.firstChunkSeconds("gpt-resp"))
        .isEqualTo(chats.get(2).getAttributes().get(TTFC))
        .isGreaterThanOrEqualTo(streamed.outputChunks().get(0).offsetNanos() / 1e9);
    assertThat(recorded.laterChunks("gpt-resp")).isEqualTo(streamed.outputChunks().size() - 1);
  }

  @Test
  void streamedChatBlockingAndAsyncEndWithTheirStreams() throws Exception {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-stream")
        .addUserMessage("one two three")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      assertThat(stream.stream().count()).isEqualTo(7);
    }
    AtomicInteger chunks = new AtomicInteger();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        async.chat().completions().createStreaming(params);
    stream.subscribe(chunk -> chunks.incrementAndGet());
    stream.onCompleteFuture().get();
    async.chat().completions().create(params.toBuilder().streamOptions(
        java.util.Optional.empty()).build()).get();

    assertThat(chunks).hasValue(7);
    List<SpanData> chats = recorded.chats(3);
    assertThat(chats).hasSize(3).allSatisfy(chat -> assertThat(chat.getAttributes()
        .get(stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop"));
    assertThat(chats.get(0).getAttributes().get(TTFC)).isNotNull();
    assertThat(chats).extracting(chat -> chat.getAttributes().get(STREAM))
        .containsExactly(true, true, null);
    recorded.matches("gpt-stream", server.exchanges());
    List<FakeOpenAiServer.Exchange> streams = server.exchanges().subList(0, 2);
    assertThat(recorded.firstChunks("gpt-stream")).isEqualTo(2);
    assertThat(recorded.laterChunks("gpt-stream")).isEqualTo(
        streams.stream().mapToLong(e -> e.outputChunks().size() - 1).sum());
  }

  @Test
  void failuresAreClassifiedAndTheApplicationSeesThemUnchanged() throws Exception {
    server.failNext(429, 1);
    assertThatThrownBy(() -> chat("gpt-errors")).hasMessageContaining("429");
    server.failNext(500, 1);
    assertThatThrownBy(() -> chat("gpt-errors")).hasMessageContaining("500");
    server.failNext(400, 1);
    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder()
        .model("gpt-errors").input("hi").build())).hasMessageContaining("400");
    OpenAIClient impatient = client.withOptions(o -> o.timeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> impatient.chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-slow").addUserMessage("hi").build()));
    // The fake answers the abandoned request when its delay is over: let that happen in this
    // test, not among the next test's exchanges.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (server.exchanges().stream().noneMatch(e -> e.model().equals("gpt-slow"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(recorded.errors("gpt-errors", "rate_limited")).isEqualTo(1);
    assertThat(recorded.errors("gpt-errors", "server")).isEqualTo(1);
    assertThat(recorded.errors("gpt-errors", "client")).isEqualTo(1);
    assertThat(recorded.errors("gpt-slow", "timeout")).isEqualTo(1);
    assertThat(recorded.genaiErrors("gpt-errors", "rate_limited")).isEqualTo(1);
    List<SpanData> chats = recorded.chats(4);
    assertThat(chats).allSatisfy(chat ->
        assertThat(chat.getStatus()).isEqualTo(StatusData.error()));
    assertThat(chats).extracting(chat -> chat.getAttributes().get(ERROR_TYPE))
        .containsExactly("rate_limited", "server", "client", "timeout");
  }

  @Test
  void aStreamClosedBeforeItsEndIsCancelledNotCounted() {
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("gpt-stream")
            .addUserMessage("one two three four five").build())) {
      assertThat(stream.stream().findFirst()).isPresent();
    }

    SpanData chat = recorded.chats(1).get(0);
    assertThat(chat.getAttributes().get(CANCELLED)).isTrue();
    assertThat(recorded.calls("gpt-stream")).isZero();
    assertThat(recorded.genaiCalls("gpt-stream")).isZero();
  }

  private static void chat(String model) {
    client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("hi").build());
  }
}
