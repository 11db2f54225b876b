package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Anthropic Java SDK against the fake's Messages API. */
class AnthropicSdkTest {
  private static FakeOpenAiServer server;
  private static AnthropicClient client;

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
    client = AnthropicOkHttpClient.builder().apiKey("test-key").baseUrl(server.rootUrl())
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
  void messageWithCacheAndThinkingTokensAndRateLimitHeaders() {
    server.script("claude-cached", Script.DEFAULT.withCacheReadTokens(100).withCacheWriteTokens(20)
        .withReasoningTokens(7)
        .withRateLimits(new Script.RateLimits(50, 49, 40_000, 39_000, 1_200, 60_000)));

    HttpResponseFor<Message> raw = client.messages().withRawResponse().create(ask("claude-cached"));

    Message message = raw.parse().validate();
    assertThat(message.content()).singleElement()
        .satisfies(block -> assertThat(block.text().orElseThrow().text())
            .isEqualTo("Echo: Hello there"));
    assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    // "Hello there" is 3 tokens, which Anthropic counts apart from the 100 read and 20 written;
    // "Echo: Hello there" is 5 output tokens, plus 7 of thinking.
    Usage usage = message.usage();
    assertThat(usage.inputTokens()).isEqualTo(3);
    assertThat(usage.cacheReadInputTokens()).hasValue(100L);
    assertThat(usage.cacheCreationInputTokens()).hasValue(20L);
    assertThat(usage.outputTokens()).isEqualTo(12);
    assertThat(usage.outputTokensDetails().orElseThrow().thinkingTokens()).isEqualTo(7);
    assertThat(raw.headers().values("anthropic-ratelimit-requests-limit")).containsExactly("50");
    assertThat(raw.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly("49");
    assertThat(raw.headers().values("anthropic-ratelimit-tokens-limit")).containsExactly("40000");
    assertThat(raw.headers().values("anthropic-ratelimit-tokens-remaining"))
        .containsExactly("39000");
    assertThat(raw.headers().values("anthropic-ratelimit-tokens-reset")).singleElement()
        .asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    assertThat(exchange.api()).isEqualTo(Api.ANTHROPIC_MESSAGES);
    assertThat(exchange.usage())
        .isEqualTo(new ai.victor.fake.openai.Usage(123, 12, 100, 20, 7));
    assertThat(exchange.headers()).containsEntry("anthropic-ratelimit-requests-remaining", "49");
  }

  @Test
  void streamedMessageAccumulatesTextAndUsage() {
    server.script("claude-cached", Script.DEFAULT.withCacheReadTokens(40));
    MessageAccumulator accumulator = MessageAccumulator.create();
    StringBuilder text = new StringBuilder();
    List<String> types = new ArrayList<>();

    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
        MessageCreateParams.builder().model("claude-cached").maxTokens(256)
            .addUserMessage("one two three").build())) {
      stream.stream().forEach(event -> {
        event.validate();
        accumulator.accumulate(event);
        types.add(typeOf(event));
        event.contentBlockDelta().flatMap(delta -> delta.delta().text())
            .ifPresent(delta -> text.append(delta.text()));
      });
    }

    assertThat(text).hasToString("Echo: one two three");
    assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop");
    Message message = accumulator.message().validate();
    assertThat(message.usage().inputTokens()).isEqualTo(4);
    assertThat(message.usage().cacheReadInputTokens()).hasValue(40L);
    assertThat(message.usage().outputTokens()).isEqualTo(5);
    assertThat(message.usage().outputTokensDetails()).isEmpty();
    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    assertThat(exchange.stream()).isTrue();
    assertThat(exchange.outputChunks()).hasSize(4);
    assertThat(exchange.usage()).isEqualTo(new ai.victor.fake.openai.Usage(44, 5, 40, 0, null));
  }

  @Test
  void toolUseThenToolResultThenAnswer() {
    Tool weather = Tool.builder().name("getWeather").inputSchema(Tool.InputSchema.builder()
        .properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build()).build();
    MessageCreateParams first = MessageCreateParams.builder().model("claude-tools").maxTokens(256)
        .addTool(weather).addUserMessage("call getWeather please").build();

    Message call = client.messages().create(first).validate();

    assertThat(call.stopReason()).hasValue(StopReason.TOOL_USE);
    ToolUseBlock use = call.content().get(0).toolUse().orElseThrow();
    assertThat(use.name()).isEqualTo("getWeather");
    assertThat(use.id()).startsWith("toolu_");
    assertThat(use._input()).isEqualTo(JsonValue.from(Map.of("city", "sample")));

    Message answer = client.messages().create(first.toBuilder().addMessage(call)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(use.id()).content("sunny").build())))
        .build()).validate();

    assertThat(answer.content().get(0).text().orElseThrow().text())
        .isEqualTo("Tool results: sunny");
    assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
  }

  @Test
  void failuresMapToTheSdkExceptions() {
    server.script("claude-rate-limited", Script.DEFAULT.withRetryAfterSeconds(7));
    assertThatThrownBy(() -> client.messages().create(ask("claude-rate-limited")))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.headers().values("retry-after")).containsExactly("7");
          assertThat(errorType(e)).isEqualTo("rate_limit_error");
        });
    assertThatThrownBy(() -> client.messages().create(ask("claude-overloaded")))
        .isInstanceOfSatisfying(OverloadedException.class,
            e -> assertThat(errorType(e)).isEqualTo("overloaded_error"));
    assertThatThrownBy(() -> client.messages().create(ask("claude-server-error")))
        .isInstanceOfSatisfying(InternalServerException.class,
            e -> assertThat(errorType(e)).isEqualTo("api_error"));
    assertThatThrownBy(() -> client.messages().create(ask("claude-bad-request")))
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(errorType(e)).isEqualTo("invalid_request_error"));
    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(429, 529, 500, 400);

    AnthropicClient anonymous = AnthropicOkHttpClient.builder().apiKey("")
        .baseUrl(server.rootUrl()).maxRetries(0).build();
    assertThatThrownBy(() -> anonymous.messages().create(ask("claude")))
        .isInstanceOf(UnauthorizedException.class);
    anonymous.close();
  }

  @Test
  void theSdkRetriesAFailureItMayRetryAndTheFakeRecordsEveryAttempt() {
    server.failNext(529, 1);
    AnthropicClient retrying = client.withOptions(options -> options.maxRetries(2));
    assertThat(retrying.messages().create(ask("claude")).content()).hasSize(1);
    assertThat(server.exchanges()).extracting(FakeOpenAiServer.Exchange::status)
        .containsExactly(529, 200);
    assertThat(server.exchanges().get(0).headers()).containsEntry("retry-after", "0");
  }

  private static MessageCreateParams ask(String model) {
    return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hello there")
        .build();
  }

  /** The {@code error.type} of the body the SDK kept (Kotlin's map type reaches Java raw). */
  private static String errorType(AnthropicServiceException e) {
    Map<?, ?> body = (Map<?, ?>) e.body().asObject().orElseThrow();
    Map<?, ?> error = (Map<?, ?>) ((JsonValue) body.get("error")).asObject().orElseThrow();
    return ((JsonValue) error.get("type")).asStringOrThrow();
  }

  private static String typeOf(RawMessageStreamEvent event) {
    return event.isMessageStart() ? "message_start"
        : event.isContentBlockStart() ? "content_block_start"
        : event.isContentBlockDelta() ? "content_block_delta"
        : event.isContentBlockStop() ? "content_block_stop"
        : event.isMessageDelta() ? "message_delta"
        : event.isMessageStop() ? "message_stop" : "unknown";
  }
}
