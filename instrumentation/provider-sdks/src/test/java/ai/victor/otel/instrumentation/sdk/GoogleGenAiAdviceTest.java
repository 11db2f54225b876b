package ai.victor.otel.instrumentation.sdk;

import static ai.victor.otel.instrumentation.sdk.Recorded.CACHE_READ;
import static ai.victor.otel.instrumentation.sdk.Recorded.CANCELLED;
import static ai.victor.otel.instrumentation.sdk.Recorded.COST;
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
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Google GenAI Java SDK (blocking and async models) against the loopback fake. */
class GoogleGenAiAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static FakeOpenAiServer server;
  private static Client client;
  /** The prices of the module's argLine for gemini-cached, per million tokens. */
  private static final double[] PRICES = {1.25, 10, 0.31, 0, 12};
  private final Recorded recorded = new Recorded(testing, "gcp.gen_ai", null);

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
    // One attempt: the SDK retries 429 and 5xx five times unless told otherwise.
    client = Client.builder().apiKey("test-key").httpOptions(HttpOptions.builder()
        .baseUrl(server.rootUrl())
        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
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
  void generatedContentCountsItsThoughtsAsOutput() {
    server.script("gemini-cached", Script.DEFAULT.withCacheReadTokens(30).withReasoningTokens(12));

    client.models.generateContent("gemini-cached", "Hello there", null);

    assertThat(server.exchanges().get(0).requestHeaders().toString())
        .contains("google-genai-sdk/" + Recorded.expected("genai"));
    SpanData chat = recorded.chats(1).get(0);
    assertThat(chat.getName()).isEqualTo("chat gemini-cached");
    assertThat(chat.getAttributes().get(INPUT)).isEqualTo(33);
    assertThat(chat.getAttributes().get(OUTPUT)).isEqualTo(5 + 12);
    assertThat(chat.getAttributes().get(CACHE_READ)).isEqualTo(30);
    assertThat(chat.getAttributes().get(REASONING)).isEqualTo(12);
    assertThat(chat.getAttributes().get(stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    recorded.matches("gemini-cached", server.exchanges());
    assertThat(recorded.genaiCalls("gemini-cached")).isEqualTo(1);
    double cost = Recorded.cost(server.exchanges(), PRICES);
    assertThat(cost).isCloseTo((3 * 1.25 + 30 * 0.31 + 5 * 10 + 12 * 12) / 1e6, within(1e-12));
    assertThat(recorded.cost("gemini-cached")).isCloseTo(cost, within(1e-12));
    assertThat(chat.getAttributes().get(COST)).isCloseTo(cost, within(1e-12));
  }

  @Test
  void streamsBlockingAndAsyncAndAsyncRequestsEndWithTheirResults() throws Exception {
    server.script("gemini-stream", Script.DEFAULT.withPacing(50, 5));

    int chunks = 0;
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("gemini-stream", "one two three", null)) {
      for (GenerateContentResponse ignored : stream) {
        chunks++;
      }
    }
    try (ResponseStream<GenerateContentResponse> stream =
        client.async.models.generateContentStream("gemini-stream", "one two three", null).get()) {
      for (GenerateContentResponse ignored : stream) {
        chunks++;
      }
    }
    client.async.models.generateContent("gemini-stream", "one two three", null).get();

    assertThat(chunks).isEqualTo(8);
    List<SpanData> chats = recorded.chats(3);
    assertThat(chats).hasSize(3);
    assertThat(chats.get(0).getAttributes().get(TTFC)).isGreaterThanOrEqualTo(0.05);
    assertThat(chats.get(0).getAttributes().get(CANCELLED)).isNull();
    assertThat(chats).extracting(chat -> chat.getAttributes().get(STREAM))
        .containsExactly(true, true, null);
    recorded.matches("gemini-stream", server.exchanges());
    List<FakeOpenAiServer.Exchange> streams = server.exchanges().subList(0, 2);
    assertThat(recorded.firstChunks("gemini-stream")).isEqualTo(2);
    assertThat(recorded.firstChunkSeconds("gemini-stream")).isGreaterThanOrEqualTo(
        streams.stream().mapToDouble(e -> e.outputChunks().get(0).offsetNanos() / 1e9).sum());
    assertThat(recorded.laterChunks("gemini-stream")).isEqualTo(
        streams.stream().mapToLong(e -> e.outputChunks().size() - 1).sum());
    assertThat(recorded.genaiCalls("gemini-stream")).isEqualTo(3);
  }

  @Test
  void failuresAreClassified() {
    server.failNext(429, 1);
    assertThatThrownBy(() -> client.models.generateContent("gemini-errors", "hi", null));
    server.failNext(500, 1);
    assertThatThrownBy(() -> client.models.generateContent("gemini-errors", "hi", null));
    server.failNext(400, 1);
    assertThatThrownBy(() -> client.models.generateContent("gemini-errors", "hi", null));

    assertThat(recorded.errors("gemini-errors", "rate_limited")).isEqualTo(1);
    assertThat(recorded.errors("gemini-errors", "server")).isEqualTo(1);
    assertThat(recorded.errors("gemini-errors", "client")).isEqualTo(1);
    assertThat(recorded.chats(3)).extracting(chat -> chat.getAttributes().get(ERROR_TYPE))
        .containsExactly("rate_limited", "server", "client");
  }

  @Test
  void aStreamClosedBeforeItsEndIsCancelledNotCounted() {
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("gemini-stream", "one two three four", null)) {
      assertThat(stream.iterator().next()).isNotNull();
    }

    assertThat(recorded.chats(1).get(0).getAttributes().get(CANCELLED)).isTrue();
    assertThat(recorded.calls("gemini-stream")).isZero();
  }
}
