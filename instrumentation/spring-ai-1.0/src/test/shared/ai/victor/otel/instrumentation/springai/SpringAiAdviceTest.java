package ai.victor.otel.instrumentation.springai;

import static ai.victor.otel.instrumentation.springai.Recorded.attributes;
import static ai.victor.otel.instrumentation.springai.Recorded.count;
import static ai.victor.otel.instrumentation.springai.Recorded.counter;
import static ai.victor.otel.instrumentation.springai.Recorded.named;
import static ai.victor.otel.instrumentation.springai.Recorded.one;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Reply;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;

/**
 * The real Spring AI stack (ChatClient, the OpenAI chat model and its HTTP clients, the
 * tool-calling manager, {@code @Tool} callbacks) against the loopback fake provider, under the
 * agent with the extension. The same tests run against the oldest and the newest supported
 * release; {@link VersionedModels} builds each one's OpenAI chat model.
 */
class SpringAiAdviceTest {
  static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1_000);

  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String LATENCY = "victor.provider.latency_ms";
  private static final String ERRORS = "victor.provider.errors";
  private static final String TOKENS = "victor.provider.tokens";
  private static final String GENAI_DURATION = "gen_ai.client.operation.duration";
  private static final String TOOL_DURATION = "victor.tool.duration_ms";
  private static final String SELECTION = "victor.tool_selection.latency_ms";

  private static FakeOpenAiServer server;

  @BeforeAll
  static void startFakeProvider() throws Exception {
    server = FakeOpenAiServer.start(0, 2_500);
    // The first call loads and instruments the whole client stack, which takes seconds under the
    // agent: done here, so that no test's call runs into the client timeout by that alone.
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

  private static ChatClient client(String model) {
    return ChatClient.create(VersionedModels.openAi(server, model, ObservationRegistry.NOOP,
        CLIENT_TIMEOUT));
  }

  private static Attributes providerModel(String model) {
    return attributes("provider", "openai", "model", model);
  }

  /**
   * The GenAI metric attributes of a call: with the server where the module sees the HTTP
   * requests (Spring's RestClient, 1.x; 2.x's OpenAI SDK uses its own client).
   */
  private static Attributes genai(String model) {
    Attributes genai = attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name",
        "openai", "gen_ai.request.model", model);
    if (!VersionedModels.SEES_HTTP_REQUESTS) {
      return genai;
    }
    java.net.URI base = java.net.URI.create(server.baseUrl());
    return genai.toBuilder().put("server.address", base.getHost())
        .put("server.port", (long) base.getPort()).build();
  }

  /** The GenAI metric attributes of an answered call: with the model that answered. */
  private static Attributes answered(String model) {
    return genai(model).toBuilder().put("gen_ai.response.model", model).build();
  }

  /** What the server answered for this model since then (a slow answer may arrive late). */
  private static List<Reply> answeredSince(int index, String model) {
    return server.exchanges().subList(index, server.exchanges().size()).stream()
        .filter(e -> e.status() == 200 && e.model().equals(model))
        .map(FakeOpenAiServer.Exchange::reply)
        .collect(Collectors.toList());
  }

  @Test
  void chatCallIsAProviderCallWithGenAiAttributesAndTheServersTokenCounts() {
    int before = server.exchanges().size();

    String answer = client("gpt-plain").prompt().user("hello there").call().content();

    assertThat(answer).isEqualTo("Echo: hello there");
    Reply reply = answeredSince(before, "gpt-plain").get(0);
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat ").isEmpty());
    assertThat(named(spans, "chat ")).as("one chat span per call").hasSize(1);
    SpanData chat = one(spans, "chat gpt-plain");
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getStatus()).isEqualTo(StatusData.unset());
    assertThat(chat.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        stringKey("gen_ai.operation.name"), "chat",
        stringKey("gen_ai.provider.name"), "openai",
        stringKey("gen_ai.request.model"), "gpt-plain",
        stringKey("gen_ai.response.model"), "gpt-plain",
        stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"),
        longKey("gen_ai.usage.input_tokens"), (long) reply.promptTokens(),
        longKey("gen_ai.usage.output_tokens"), (long) reply.completionTokens()));
    assertThat(chat.getAttributes().get(stringKey("gen_ai.input.messages")))
        .as("content is off by default").isNull();
    assertThat(chat.getAttributes().get(stringKey("gen_ai.output.messages"))).isNull();

    assertThat(count(testing, LATENCY, providerModel("gpt-plain"))).isEqualTo(1);
    assertThat(count(testing, GENAI_DURATION, answered("gpt-plain"))).isEqualTo(1);
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-plain",
        "token_type", "input"))).isEqualTo(reply.promptTokens());
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-plain",
        "token_type", "output"))).isEqualTo(reply.completionTokens());
    for (String type : List.of("timeout", "rate_limited", "server", "client", "other")) {
      assertThat(counter(testing, ERRORS, attributes("provider", "openai", "model", "gpt-plain",
          "error_type", type))).as(type).isZero();
    }
    // The upstream agent has OpenAI instrumentation of its own: it must not add a second chat.
    assertThat(Recorded.anyScope(testing, GENAI_DURATION))
        .allSatisfy(m -> assertThat(m.getInstrumentationScopeInfo().getName())
            .isEqualTo(Recorded.SCOPE));
  }

  @Test
  void toolLoopNestsToolSpansUnderTheChatClientCallAndCountsEveryRequestsTokens() {
    int before = server.exchanges().size();

    String answer = testing.runWithSpan("chat client call", () -> client("gpt-tools").prompt()
        .user("What do weather and clock say for Paris?").tools(new AppTools()).call().content());

    assertThat(answer).startsWith("Tool results: ").contains("sunny in ", "12:00 in ");
    List<Reply> replies = answeredSince(before, "gpt-tools");
    assertThat(replies).as("tool call, then the final answer").hasSize(2);
    List<SpanData> spans = Recorded.spans(testing,
        s -> named(s, "execute_tool ").size() == 2 && !named(s, "chat client call").isEmpty());
    SpanData root = one(spans, "chat client call");
    // The ChatClient call is an agent invocation: the loop's calls nest in it.
    SpanData invocation = one(spans, "invoke_agent ChatClient");
    assertThat(invocation.getParentSpanId()).isEqualTo(root.getSpanId());
    List<SpanData> chats = named(spans, "chat gpt-tools");
    assertThat(chats).allSatisfy(chat -> assertThat(chat.getParentSpanId())
        .isEqualTo(invocation.getSpanId()));
    // 1.x: the chat model runs the tool loop inside one call, so the tools nest in its span.
    // 2.x: ChatClient's tool-calling advisor runs the loop, one chat call per model request.
    assertThat(chats).hasSize(VersionedModels.CHAT_MODEL_RUNS_TOOL_LOOP ? 1 : 2);
    String toolParent = VersionedModels.CHAT_MODEL_RUNS_TOOL_LOOP ? chats.get(0).getSpanId()
        : invocation.getSpanId();
    assertThat(invocation.getAttributes().get(longKey("victor.agent.model_calls")))
        .as("model requests, however many chat calls they were made in").isEqualTo(2);
    assertThat(invocation.getAttributes().get(longKey("victor.agent.tool_calls"))).isEqualTo(2);
    for (String tool : List.of("weather", "clock")) {
      SpanData execution = one(spans, "execute_tool " + tool);
      assertThat(execution.getParentSpanId()).as("parent of execute_tool " + tool)
          .isEqualTo(toolParent);
      assertThat(execution.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(execution.getStatus()).isEqualTo(StatusData.unset());
      assertThat(execution.getAttributes().asMap()).containsAllEntriesOf(Map.of(
          stringKey("gen_ai.operation.name"), "execute_tool",
          stringKey("gen_ai.tool.name"), tool,
          stringKey("gen_ai.tool.type"), "function"));
      assertThat(execution.getAttributes().get(stringKey("gen_ai.tool.call.arguments"))).isNull();
      assertThat(count(testing, TOOL_DURATION, attributes("tool", tool, "status", "success")))
          .isEqualTo(1);
    }
    long input = replies.stream().mapToLong(Reply::promptTokens).sum();
    long output = replies.stream().mapToLong(Reply::completionTokens).sum();
    assertThat(chats.stream().mapToLong(c -> c.getAttributes().get(
        longKey("gen_ai.usage.input_tokens"))).sum()).isEqualTo(input);
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-tools",
        "token_type", "input"))).isEqualTo(input);
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-tools",
        "token_type", "output"))).isEqualTo(output);
    assertThat(count(testing, LATENCY, providerModel("gpt-tools"))).isEqualTo(chats.size());

    List<SpanData> selections = named(spans, "select_tools");
    assertThat(selections).as("the tools are resolved for each model request").isNotEmpty()
        .allSatisfy(s -> assertThat(s.getAttributes().get(
            longKey("victor.tool_selection.tool_count"))).isEqualTo(3));
    assertThat(count(testing, SELECTION, attributes("cache_type", "none", "result", "miss")))
        .isEqualTo(selections.size());
    assertThat(Recorded.sum(testing, "victor.tool_selection.tools", Attributes.empty()))
        .isEqualTo(3.0 * selections.size());
  }

  @Test
  void failingToolIsAnErrorThoughSpringAiHandsTheModelAnErrorMessage() {
    String answer = client("gpt-tools").prompt().user("Ask inventory about apples")
        .tools(new AppTools()).call().content();

    assertThat(answer).as("Spring AI turned the exception into a tool result")
        .startsWith("Tool results: ").contains("warehouse unreachable");
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "execute_tool ").isEmpty()
        && named(s, "chat ").size() >= 1);
    SpanData execution = one(spans, "execute_tool inventory");
    assertThat(execution.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(execution.getAttributes().get(stringKey("error.type"))).isNotBlank();
    assertThat(count(testing, TOOL_DURATION, attributes("tool", "inventory", "status", "error")))
        .isEqualTo(1);
    assertThat(count(testing, TOOL_DURATION, attributes("tool", "inventory", "status",
        "success"))).isZero();
  }

  @Test
  void streamEndsWhenTheFluxCompletesWithTheStreamedUsage() {
    int before = server.exchanges().size();

    List<String> chunks = client("gpt-stream").prompt().user("stream me a reply").stream()
        .content().collectList().block(Duration.ofSeconds(10));

    assertThat(String.join("", chunks)).isEqualTo("Echo: stream me a reply");
    assertThat(server.exchanges().stream().filter(e -> e.model().equals("gpt-stream")))
        .allMatch(FakeOpenAiServer.Exchange::stream);
    Reply reply = answeredSince(before, "gpt-stream").get(0);
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat ").isEmpty());
    SpanData chat = one(spans, "chat gpt-stream");
    assertThat(chat.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        stringKey("gen_ai.response.model"), "gpt-stream",
        stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"),
        longKey("gen_ai.usage.input_tokens"), (long) reply.promptTokens(),
        longKey("gen_ai.usage.output_tokens"), (long) reply.completionTokens()));
    assertThat(count(testing, LATENCY, providerModel("gpt-stream"))).isEqualTo(1);
    assertThat(counter(testing, TOKENS, attributes("provider", "openai", "model", "gpt-stream",
        "token_type", "output"))).isEqualTo(reply.completionTokens());
  }

  /** A consumer that stops early cancels the stream: that is no success of the provider. */
  @Test
  void streamCancelledByItsConsumerIsNotCountedAsASuccess() {
    ChatModel model = VersionedModels.openAi(server, "gpt-cancel", ObservationRegistry.NOOP,
        CLIENT_TIMEOUT);
    java.util.concurrent.CompletableFuture<Object> first = new java.util.concurrent.CompletableFuture<>();
    // One chunk requested, then cancelled: the stream cannot complete before the cancellation.
    model.stream(new org.springframework.ai.chat.prompt.Prompt("stream me a longer reply"))
        .subscribe(new reactor.core.publisher.BaseSubscriber<Object>() {
          @Override
          protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            request(1);
          }

          @Override
          protected void hookOnNext(Object chunk) {
            cancel();
            first.complete(chunk);
          }
        });

    assertThat(first).succeedsWithin(Duration.ofSeconds(10));
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat gpt-cancel").isEmpty());
    SpanData chat = one(spans, "chat gpt-cancel");
    assertThat(chat.getAttributes().get(io.opentelemetry.api.common.AttributeKey.booleanKey(
        "victor.cancelled"))).isTrue();
    assertThat(chat.getStatus()).isEqualTo(StatusData.unset());
    assertThat(count(testing, LATENCY, providerModel("gpt-cancel"))).isZero();
    assertThat(count(testing, GENAI_DURATION, genai("gpt-cancel"))).isZero();
  }

  @Test
  void streamedToolLoopKeepsTheToolsInTheCallersTrace() {
    List<String> chunks = testing.runWithSpan("chat client stream", () -> client("gpt-stools")
        .prompt().user("weather in Oslo?").tools(new AppTools()).stream().content()
        .collectList().block(Duration.ofSeconds(10)));

    assertThat(String.join("", chunks)).startsWith("Tool results: ").contains("sunny in ");
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "execute_tool weather")
        .isEmpty() && !named(s, "chat client stream").isEmpty()
        && named(s, "chat gpt-stools").size() == (VersionedModels.CHAT_MODEL_RUNS_TOOL_LOOP ? 1
            : 2));
    SpanData root = one(spans, "chat client stream");
    SpanData invocation = one(spans, "invoke_agent ChatClient");
    assertThat(invocation.getParentSpanId()).isEqualTo(root.getSpanId());
    SpanData execution = one(spans, "execute_tool weather");
    // 2.x: the follow-up request is made inside the first stream, so its span nests in the first.
    SpanData firstChat = named(spans, "chat gpt-stools").stream()
        .filter(c -> c.getParentSpanId().equals(invocation.getSpanId())).findFirst()
        .orElseThrow();
    if (VersionedModels.STREAMED_TOOLS_KEEP_THE_TRACE) {
      // The tool runs on another thread, inside the first streamed request's span.
      assertThat(execution.getParentSpanId()).isEqualTo(firstChat.getSpanId());
    } else {
      // Spring AI 1.x runs the tools of a stream on a Reactor worker, where the agent's context
      // propagation does not reach: the tool span starts a trace of its own (docs/libraries).
      assertThat(execution.getParentSpanId()).isEqualTo(SpanId.getInvalid());
    }
    assertThat(count(testing, TOOL_DURATION, attributes("tool", "weather", "status", "success")))
        .isEqualTo(1);
  }

  @Test
  void rateLimitedCall() {
    assertFailure("gpt-rate-limited", "rate_limited", false);
  }

  @Test
  void serverError() {
    assertFailure("gpt-server-error", "server", false);
  }

  @Test
  void badRequest() {
    assertFailure("gpt-bad-request", "client", false);
  }

  @Test
  void clientTimeout() {
    assertFailure("gpt-slow", "timeout", false);
  }

  @Test
  void rateLimitedStream() {
    assertFailure("gpt-rate-limited-stream", "rate_limited", true);
  }

  private static void assertFailure(String model, String errorType, boolean stream) {
    ChatClient client = client(model);
    Throwable thrown = catchThrowable(() -> {
      if (stream) {
        client.prompt().user("hi").stream().content().collectList().block(Duration.ofSeconds(10));
      } else {
        client.prompt().user("hi").call().content();
      }
    });

    assertThat(thrown).as("the application still sees the failure").isNotNull();
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat " + model).isEmpty());
    SpanData chat = one(spans, "chat " + model);
    assertThat(chat.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(chat.getAttributes().get(stringKey("error.type"))).isEqualTo(errorType);
    assertThat(counter(testing, ERRORS, attributes("provider", "openai", "model", model,
        "error_type", errorType))).isEqualTo(1);
    assertThat(count(testing, LATENCY, providerModel(model))).isEqualTo(1);
    // A 1.x stream goes through WebClient, whose requests the module does not see: no server.
    Attributes genai = stream ? attributes("gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "openai", "gen_ai.request.model", model) : genai(model);
    assertThat(count(testing, GENAI_DURATION, genai.toBuilder()
        .put("error.type", errorType).build())).isEqualTo(1);
  }

  @Test
  void springAiObservationsOnDoNotAddOrDoubleAnything() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    ChatModel model = VersionedModels.openAi(server, "gpt-observed", observations,
        CLIENT_TIMEOUT);

    ChatClient.create(model, observations).prompt().user("observed").call().content();

    assertThat(meters.find("gen_ai.client.operation").timer())
        .as("Spring AI's own observation ran").isNotNull()
        .satisfies(t -> assertThat(t.count()).isEqualTo(1));
    List<SpanData> spans = Recorded.spans(testing, s -> !named(s, "chat ").isEmpty());
    assertThat(named(spans, "chat ")).hasSize(1);
    assertThat(count(testing, LATENCY, providerModel("gpt-observed"))).isEqualTo(1);
    assertThat(count(testing, GENAI_DURATION, answered("gpt-observed"))).isEqualTo(1);
  }
}
