package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real OpenAI Java SDK against the fake's chat-completions and Responses APIs. */
class OpenAiSdkTest {
  private static FakeOpenAiServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
    client = OpenAIOkHttpClient.builder().apiKey("test-key").baseUrl(server.baseUrl())
        .maxRetries(0).build();
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
  void chatCompletionWithCachedAndReasoningTokensAndRateLimitHeaders() {
    server.script("gpt-cached", Script.DEFAULT.withCacheReadTokens(64).withReasoningTokens(10)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 120, 360_000)));

    HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
        .create(ChatCompletionCreateParams.builder().model("gpt-cached")
            .addUserMessage("Hello there").build());

    ChatCompletion completion = raw.parse().validate();
    assertThat(completion.choices().get(0).message().content()).hasValue("Echo: Hello there");
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(3 + 64);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(64L);
    assertThat(usage.completionTokens()).isEqualTo(5 + 10);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(10L);
    assertThat(usage.totalTokens()).isEqualTo(82);
    assertThat(raw.headers().values("x-ratelimit-limit-requests")).containsExactly("500");
    assertThat(raw.headers().values("x-ratelimit-remaining-requests")).containsExactly("499");
    assertThat(raw.headers().values("x-ratelimit-reset-requests")).containsExactly("120ms");
    assertThat(raw.headers().values("x-ratelimit-limit-tokens")).containsExactly("30000");
    assertThat(raw.headers().values("x-ratelimit-remaining-tokens")).containsExactly("29000");
    assertThat(raw.headers().values("x-ratelimit-reset-tokens")).containsExactly("6m0s");
    assertThat(server.exchanges().get(0).usage()).isEqualTo(new Usage(67, 15, 64, null, 10));
  }

  @Test
  void streamedChatCompletionAccumulatesTextAndUsage() {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    StringBuilder text = new StringBuilder();

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-stream").addUserMessage("one two three")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
      stream.stream().forEach(chunk -> {
        accumulator.accumulate(chunk.validate());
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
      });
    }

    assertThat(text).hasToString("Echo: one two three");
    ChatCompletion completion = accumulator.chatCompletion().validate();
    assertThat(completion.choices().get(0).message().content()).hasValue("Echo: one two three");
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    assertThat(completion.usage().orElseThrow().promptTokensDetails()).isEmpty();
    assertThat(server.exchanges().get(0).outputChunks()).hasSize(4);
  }

  @Test
  void responseWithCachedAndReasoningTokens() {
    server.script("gpt-cached", Script.DEFAULT.withCacheReadTokens(64).withCacheWriteTokens(8)
        .withReasoningTokens(10)
        .withRateLimits(new Script.RateLimits(500, 499, 30_000, 29_000, 1_500, 1_000)));

    HttpResponseFor<Response> raw = client.responses().withRawResponse().create(
        ResponseCreateParams.builder().model("gpt-cached").instructions("Be brief.")
            .input("Hello there").build());

    Response response = raw.parse().validate();
    assertThat(text(response)).isEqualTo("Echo: Hello there");
    ResponseUsage usage = response.usage().orElseThrow();
    // "Be brief." and "Hello there": 20 characters, 5 tokens
    assertThat(usage.inputTokens()).isEqualTo(5 + 64 + 8);
    assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(64);
    assertThat(usage.inputTokensDetails().cacheWriteTokens()).isEqualTo(8);
    assertThat(usage.outputTokens()).isEqualTo(5 + 10);
    assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(10);
    assertThat(usage.totalTokens()).isEqualTo(92);
    assertThat(raw.headers().values("x-ratelimit-reset-requests")).containsExactly("1.5s");
    assertThat(raw.headers().values("x-ratelimit-reset-tokens")).containsExactly("1s");
    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    assertThat(exchange.api()).isEqualTo(Api.RESPONSES);
    assertThat(exchange.usage()).isEqualTo(new Usage(77, 15, 64, 8, 10));
  }

  @Test
  void streamedResponseEventsAccumulateToTheResponse() {
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    StringBuilder text = new StringBuilder();
    List<String> types = new ArrayList<>();

    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
        ResponseCreateParams.builder().model("gpt-stream").input("one two three").build())) {
      stream.stream().forEach(event -> {
        accumulator.accumulate(event.validate());
        types.add(type(event));
        event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
      });
    }

    assertThat(text).hasToString("Echo: one two three");
    assertThat(types).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.completed");
    Response response = accumulator.response().validate();
    assertThat(text(response)).isEqualTo("Echo: one two three");
    assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isZero();
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(5);
    assertThat(server.exchanges().get(0).outputChunks()).extracting(Chunk::event)
        .containsOnly("response.output_text.delta").hasSize(4);
  }

  @Test
  void responsesFunctionCallThenOutputThenAnswer() {
    FunctionTool weather = FunctionTool.builder().name("getWeather").strict(false)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties",
                JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .build())
        .build();
    EasyInputMessage ask = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
        .content("call getWeather please").build();

    Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-tools")
        .addTool(weather).inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(ask)))
        .build()).validate();

    ResponseFunctionToolCall call = first.output().get(0).functionCall().orElseThrow();
    assertThat(call.name()).isEqualTo("getWeather");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"sample\"}");

    Response answer = client.responses().create(ResponseCreateParams.builder().model("gpt-tools")
        .addTool(weather).inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(ask),
            ResponseInputItem.ofFunctionCall(call),
            ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("sunny").build())))
        .build()).validate();

    assertThat(text(answer)).isEqualTo("Tool results: sunny");
  }

  @Test
  void failuresMapToTheSdkExceptions() {
    server.script("gpt-rate-limited", Script.DEFAULT.withRetryAfterSeconds(3));
    assertThatThrownBy(() -> chat("gpt-rate-limited"))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.headers().values("retry-after")).containsExactly("3");
          assertThat(e.code()).hasValue("rate_limit_exceeded");
        });
    assertThatThrownBy(() -> chat("gpt-server-error"))
        .isInstanceOfSatisfying(InternalServerException.class,
            e -> assertThat(e.type()).hasValue("server_error"));
    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder()
        .model("gpt-bad-request").input("hi").build()))
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.type()).hasValue("invalid_request_error"));
    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder()
        .model("gpt-rate-limited").input("hi").build()))
        .isInstanceOf(RateLimitException.class);
    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(429, 500, 400, 429);
  }

  private static ChatCompletion chat(String model) {
    return client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("hi").build());
  }

  /** The text of a response's message output items. */
  private static String text(Response response) {
    StringBuilder text = new StringBuilder();
    response.output().forEach(item -> item.message().ifPresent(message ->
        message.content().forEach(content ->
            content.outputText().ifPresent(part -> text.append(part.text())))));
    return text.toString();
  }

  /** The event's {@code type}, as the SDK reads it back out of the event it parsed. */
  private static String type(ResponseStreamEvent event) {
    try {
      return Json.string(Json.object(Json.parse(ObjectMappers.jsonMapper()
          .writeValueAsString(event))).get("type"));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
