package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Google GenAI Java SDK against the fake's Gemini API. */
class GoogleGenAiSdkTest {
  private static FakeOpenAiServer server;
  private static Client client;

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
    // The SDK retries 429 and 5xx five times with backoff unless told otherwise.
    client = client(1);
  }

  private static Client client(int attempts) {
    return Client.builder().apiKey("test-key").httpOptions(HttpOptions.builder()
        .baseUrl(server.rootUrl())
        .retryOptions(HttpRetryOptions.builder().attempts(attempts).initialDelay(0.01).build())
        .build()).build();
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

  @Test
  void generateContentWithCachedAndThoughtTokens() {
    server.script("gemini-cached", Script.DEFAULT.withCacheReadTokens(30).withReasoningTokens(12));

    GenerateContentResponse response =
        client.models.generateContent("gemini-cached", "Hello there", null);

    assertThat(response.text()).isEqualTo("Echo: Hello there");
    assertThat(response.candidates().orElseThrow().get(0).finishReason().orElseThrow().toString())
        .isEqualTo("STOP");
    GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
    // 3 tokens of text plus 30 cached; Gemini counts the 12 thought tokens apart from the 5 of text
    assertThat(usage.promptTokenCount()).hasValue(33);
    assertThat(usage.cachedContentTokenCount()).hasValue(30);
    assertThat(usage.candidatesTokenCount()).hasValue(5);
    assertThat(usage.thoughtsTokenCount()).hasValue(12);
    assertThat(usage.totalTokenCount()).hasValue(50);
    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    assertThat(exchange.api()).isEqualTo(Api.GEMINI);
    assertThat(exchange.model()).isEqualTo("gemini-cached");
    assertThat(exchange.usage()).isEqualTo(new Usage(33, 17, 30, null, 12));
    assertThat(exchange.requestHeaders()).containsEntry("x-goog-api-key", "test-key");
  }

  @Test
  void streamedContentArrivesAChunkAWordWithTheUsageLast() {
    StringBuilder text = new StringBuilder();
    GenerateContentResponseUsageMetadata last = null;
    int chunks = 0;

    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("gemini-stream", "one two three", null)) {
      for (GenerateContentResponse chunk : stream) {
        text.append(chunk.text());
        last = chunk.usageMetadata().orElseThrow();
        chunks++;
      }
    }

    assertThat(text).hasToString("Echo: one two three");
    assertThat(chunks).isEqualTo(4);
    assertThat(last.promptTokenCount()).hasValue(4);
    assertThat(last.candidatesTokenCount()).hasValue(5);
    assertThat(last.thoughtsTokenCount()).isEmpty();
    assertThat(last.cachedContentTokenCount()).isEmpty();
    assertThat(server.exchanges().get(0).stream()).isTrue();
    assertThat(server.exchanges().get(0).outputChunks()).hasSize(4);
  }

  @Test
  void functionCallThenFunctionResponseThenAnswer() {
    GenerateContentConfig config = GenerateContentConfig.builder().tools(List.of(Tool.builder()
        .functionDeclarations(List.of(FunctionDeclaration.builder().name("getWeather")
            .parameters(Schema.builder().type("OBJECT")
                .properties(Map.of("city", Schema.builder().type("STRING").build())).build())
            .build()))
        .build())).build();
    Content ask = Content.builder().role("user").parts(List.of(Part.fromText("call getWeather")))
        .build();

    GenerateContentResponse first = client.models.generateContent("gemini-tools", List.of(ask),
        config);

    assertThat(first.functionCalls()).singleElement().satisfies(call -> {
      assertThat(call.name()).hasValue("getWeather");
      assertThat(call.args()).hasValue(Map.of("city", "sample"));
    });
    FunctionCall call = first.functionCalls().get(0);
    Content result = Content.builder().role("user").parts(List.of(
        Part.fromFunctionResponse("getWeather", Map.of("forecast", "sunny")))).build();

    GenerateContentResponse answer = client.models.generateContent("gemini-tools",
        List.of(ask, first.candidates().orElseThrow().get(0).content().orElseThrow(), result),
        config);

    assertThat(call.name()).hasValue("getWeather");
    assertThat(answer.text()).isEqualTo("Tool results: {\"forecast\":\"sunny\"}");
  }

  @Test
  void failuresMapToTheSdkExceptions() {
    server.script("gemini-rate-limited", Script.DEFAULT.withRetryAfterSeconds(2));
    assertThatThrownBy(() -> client.models.generateContent("gemini-rate-limited", "hi", null))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.code()).isEqualTo(429);
          assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
        });
    assertThatThrownBy(() -> client.models.generateContent("gemini-server-error", "hi", null))
        .isInstanceOfSatisfying(ServerException.class, e -> {
          assertThat(e.code()).isEqualTo(500);
          assertThat(e.status()).isEqualTo("INTERNAL");
        });
    assertThatThrownBy(() -> client.models.generateContent("gemini-bad-request", "hi", null))
        .isInstanceOfSatisfying(ClientException.class,
            e -> assertThat(e.status()).isEqualTo("INVALID_ARGUMENT"));
    server.failNext(503, 1);
    assertThatThrownBy(() -> client.models.generateContentStream("gemini", "hi", null))
        .isInstanceOfSatisfying(ServerException.class,
            e -> assertThat(e.status()).isEqualTo("UNAVAILABLE"));
    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(429, 500, 400, 503);
    assertThat(server.exchanges().get(0).chunks().get(0).data())
        .contains("\"retryDelay\":\"2s\"");
  }

  @Test
  void theSdkRetriesAndTheFakeRecordsEveryAttempt() {
    server.failNext(429, 2);
    try (Client retrying = client(3)) {
      assertThat(retrying.models.generateContent("gemini", "hi", null).text()).isEqualTo("Echo: hi");
    }
    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(429, 429, 200);
  }
}
