package ai.victor.otel.instrumentation.langchain4j;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static ai.victor.otel.instrumentation.testing.Exported.histogramSum;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Reply;
import dev.langchain4j.model.chat.ChatModel;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ChatModel.chat} of the real OpenAI model against the fake server. */
class ChatModelTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String LATENCY = "victor.provider.latency_ms";
  private static final String ERRORS = "victor.provider.errors";
  private static final String TOKENS = "victor.provider.tokens";
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0, 2_000);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static long errors(String model, String errorType) {
    return counter(testing, ERRORS,
        attributes("provider", "openai", "model", model, "error_type", errorType));
  }

  @Test
  void plainChatIsOneClientSpanWithTheProvidersTokenCounts() {
    ChatModel model = Models.chat(server, "gpt-plain");
    int before = server.exchanges().size();

    String answer = model.chat("hello there");

    assertThat(answer).isEqualTo("Echo: hello there");
    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    assertThat(exchanges).hasSize(before + 1);
    Reply reply = exchanges.get(before).reply();

    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData chat = Spans.single(trace, "chat gpt-plain");
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getParentSpanContext().isValid()).isFalse();
    assertThat(chat.getStatus()).isEqualTo(StatusData.unset());
    assertThat(chat.getAttributes().get(stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.request.model"))).isEqualTo("gpt-plain");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.response.model"))).isEqualTo("gpt-plain");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.response.id"))).isNotBlank();
    assertThat(chat.getAttributes().get(stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(reply.promptTokens());
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(reply.completionTokens());
    assertContent(chat, "hello there", "Echo: hello there");

    assertThat(histogramCount(testing, LATENCY, attributes("provider", "openai", "model",
        "gpt-plain"))).isEqualTo(1);
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-plain",
        "token_type", "input"))).isEqualTo(reply.promptTokens());
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-plain",
        "token_type", "output"))).isEqualTo(reply.completionTokens());
    assertThat(errors("gpt-plain", "server")).isZero();
    // The GenAI metrics carry the response model and the server the first request went to.
    java.net.URI base = java.net.URI.create(server.baseUrl());
    io.opentelemetry.api.common.Attributes genai = attributes("gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-plain",
        "gen_ai.response.model", "gpt-plain", "server.address", base.getHost()).toBuilder()
        .put("server.port", (long) base.getPort()).build();
    assertThat(histogramCount(testing, "gen_ai.client.operation.duration", genai)).isEqualTo(1);
    assertThat(histogramSum(testing, "gen_ai.client.token.usage", genai.toBuilder()
        .put("gen_ai.token.type", "output").build())).isEqualTo(reply.completionTokens());
  }

  @Test
  void retriesInsideOneCallAreOneSpanAndOneLatency() {
    ChatModel model = Models.chat(server, "gpt-retry", 1, Duration.ofSeconds(10));
    int before = server.exchanges().size();
    server.failNext(500, 1);

    String answer = model.chat("try again");

    assertThat(answer).isEqualTo("Echo: try again");
    assertThat(server.exchanges().subList(before, server.exchanges().size()))
        .extracting(FakeOpenAiServer.Exchange::status).containsExactly(500, 200);
    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData chat = Spans.single(trace, "chat gpt-retry");
    assertThat(chat.getStatus()).isEqualTo(StatusData.unset());
    assertThat(Spans.named(trace, "chat gpt-retry")).hasSize(1);
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "openai", "model",
        "gpt-retry"))).isEqualTo(1);
    assertThat(errors("gpt-retry", "server")).isZero();
  }

  @Test
  void failuresAreClassifiedAndPropagateUnchanged() {
    Throwable rateLimited = catchThrowable(() -> Models.chat(server, "gpt-rate-limited")
        .chat("one"));
    Throwable serverError = catchThrowable(() -> Models.chat(server, "gpt-server-error")
        .chat("two"));
    Throwable badRequest = catchThrowable(() -> Models.chat(server, "gpt-bad-request")
        .chat("three"));
    Throwable timeout = catchThrowable(() -> Models.chat(server, "gpt-slow", 0,
        Duration.ofMillis(300)).chat("four"));

    assertThat(rateLimited.getClass().getSimpleName()).isEqualTo("RateLimitException");
    assertThat(serverError.getClass().getSimpleName()).isEqualTo("InternalServerException");
    assertThat(badRequest.getClass().getSimpleName()).isEqualTo("InvalidRequestException");
    assertThat(timeout).isNotNull();
    assertThat(errors("gpt-rate-limited", "rate_limited")).isEqualTo(1);
    assertThat(errors("gpt-server-error", "server")).isEqualTo(1);
    assertThat(errors("gpt-bad-request", "client")).isEqualTo(1);
    assertThat(errors("gpt-slow", "timeout")).as("timeout: %s", timeout).isEqualTo(1);
    assertThat(errors("gpt-slow", "other")).isZero();

    List<List<SpanData>> traces = testing.waitForTraces(4);
    for (String[] expected : new String[][] {{"gpt-rate-limited", "rate_limited"},
        {"gpt-server-error", "server"}, {"gpt-bad-request", "client"}, {"gpt-slow", "timeout"}}) {
      SpanData chat = traces.stream().flatMap(List::stream)
          .filter(s -> s.getName().equals("chat " + expected[0])).findFirst().orElseThrow();
      assertThat(chat.getStatus().getStatusCode())
          .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
      assertThat(chat.getAttributes().get(stringKey("error.type"))).isEqualTo(expected[1]);
      assertThat(chat.getAttributes().get(longKey("gen_ai.usage.input_tokens"))).isNull();
    }
  }

  @Test
  void longPromptsAreCutToTheConfiguredLength() {
    String prompt = "x".repeat(3000);
    Models.chat(server, "gpt-long").chat(prompt);

    SpanData chat = Spans.single(Spans.oneTrace(testing), "chat gpt-long");
    String input = chat.getAttributes().get(stringKey("gen_ai.input.messages"));
    if (Models.captureContent()) {
      // The GenAI structured form, its content cut to the configured length, still JSON.
      assertThat(input).isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
          + "\"content\":\"" + "x".repeat(Models.contentMaxLength()) + "\"}]}]");
    } else {
      assertThat(input).isNull();
    }
  }

  private static void assertContent(SpanData chat, String prompt, String completion) {
    String input = chat.getAttributes().get(stringKey("gen_ai.input.messages"));
    String output = chat.getAttributes().get(stringKey("gen_ai.output.messages"));
    if (Models.captureContent()) {
      int max = Models.contentMaxLength();
      String cutPrompt = prompt.substring(0, Math.min(prompt.length(), max));
      assertThat(input).startsWith("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
          + "\"content\":\"" + cutPrompt).endsWith("\"}]}]");
      String cutCompletion = completion.substring(0, Math.min(completion.length(), max));
      assertThat(output).startsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
          + "\"content\":\"" + cutCompletion).endsWith("\"finish_reason\":\"stop\"}]");
    } else {
      assertThat(input).isNull();
      assertThat(output).isNull();
    }
  }
}
