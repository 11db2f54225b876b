package ai.victor.otel.instrumentation.langchain4j;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.instrumentation.langchain4j.app.Assistant;
import ai.victor.otel.instrumentation.langchain4j.app.StreamingAssistant;
import ai.victor.otel.instrumentation.langchain4j.app.TravelTools;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An AI service with {@code @Tool} methods and a tool provider, running its tool-calling loop. */
class AiServiceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String TOOL_DURATION = "victor.tool.duration_ms";
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void toolLoopIsAnAgentSpanOverChatAndToolSpans() {
    TravelTools tools = new TravelTools();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(Models.chat(server, "gpt-tools"))
        .tools(tools)
        .build();
    int before = server.exchanges().size();

    String answer = assistant.chat("What is the weather, and the flightPrice, for Paris?");

    assertThat(answer).isEqualTo(
        "Tool results: sunny in sample; fares unavailable for sample");
    assertThat(tools.weatherCalls).hasValue(1);
    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    assertThat(exchanges).hasSize(before + 2);
    List<String> callIds = exchanges.get(before).reply().toolCalls().stream()
        .map(call -> call.id()).collect(Collectors.toList());
    assertThat(callIds).hasSize(2);

    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData agent = Spans.single(trace, "invoke_agent Assistant");
    assertThat(agent.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(agent.getParentSpanContext().isValid()).isFalse();
    assertThat(agent.getAttributes().get(stringKey("gen_ai.operation.name")))
        .isEqualTo("invoke_agent");
    assertThat(agent.getAttributes().get(stringKey("gen_ai.agent.name"))).isEqualTo("Assistant");
    assertThat(Spans.names(Spans.childrenOf(trace, agent))).containsExactly(
        "chat gpt-tools", "execute_tool weather", "execute_tool flightPrice", "chat gpt-tools");

    SpanData weather = Spans.single(trace, "execute_tool weather");
    assertThat(weather.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(weather.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(weather.getAttributes().get(stringKey("gen_ai.operation.name")))
        .isEqualTo("execute_tool");
    assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.name"))).isEqualTo("weather");
    assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.type"))).isEqualTo("function");
    assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.call.id")))
        .isEqualTo(callIds.get(0));
    if (Models.captureContent()) {
      assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.call.arguments")))
          .contains("sample");
      assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.call.result")))
          .contains("sunny in sample");
    } else {
      assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.call.arguments"))).isNull();
      assertThat(weather.getAttributes().get(stringKey("gen_ai.tool.call.result"))).isNull();
    }

    // LangChain4j sent the exception's message to the model as the result: still an error here
    SpanData flight = Spans.single(trace, "execute_tool flightPrice");
    assertThat(flight.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(flight.getAttributes().get(stringKey("gen_ai.tool.call.id")))
        .isEqualTo(callIds.get(1));
    assertThat(flight.getAttributes().get(stringKey("error.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(flight.getEvents()).anySatisfy(event ->
        assertThat(event.getName()).isEqualTo("exception"));

    assertThat(histogramCount(testing, TOOL_DURATION,
        attributes("tool", "weather", "status", "success"))).isEqualTo(1);
    assertThat(histogramCount(testing, TOOL_DURATION,
        attributes("tool", "flightPrice", "status", "error"))).isEqualTo(1);
    assertThat(histogramCount(testing, TOOL_DURATION,
        attributes("tool", "flightPrice", "status", "success"))).isZero();
    assertThat(histogramCount(testing, "victor.provider.latency_ms",
        attributes("provider", "openai", "model", "gpt-tools"))).isEqualTo(2);
  }

  @Test
  void toolProviderIsATimedSelection() {
    ToolSpecification rooms = ToolSpecification.builder()
        .name("hotelRooms")
        .description("Free hotel rooms in a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
        .build();
    ToolExecutor executor = (request, memoryId) -> "3 rooms left";
    ToolProvider provider = request -> ToolProviderResult.builder().add(rooms, executor).build();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(Models.chat(server, "gpt-provider"))
        .toolProvider(provider)
        .build();

    String answer = assistant.chat("Any hotelRooms in Rome?");

    assertThat(answer).isEqualTo("Tool results: 3 rooms left");
    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData agent = Spans.single(trace, "invoke_agent Assistant");
    assertThat(Spans.names(Spans.childrenOf(trace, agent))).containsExactly(
        "select_tools", "chat gpt-provider", "execute_tool hotelRooms", "chat gpt-provider");
    SpanData selection = Spans.single(trace, "select_tools");
    assertThat(selection.getAttributes().get(longKey("victor.tool_selection.tool_count")))
        .isEqualTo(1);
    assertThat(selection.getAttributes().get(stringKey("victor.tool_selection.cache_type")))
        .isEqualTo("none");
    assertThat(histogramCount(testing, "victor.tool_selection.latency_ms",
        attributes("cache_type", "none", "result", "miss"))).isEqualTo(1);
    assertThat(histogramCount(testing, TOOL_DURATION,
        attributes("tool", "hotelRooms", "status", "success"))).isEqualTo(1);
  }

  @Test
  void streamingToolLoopRecordsEveryModelCallAndTool() throws Exception {
    TravelTools tools = new TravelTools();
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(Models.streaming(server, "gpt-stream-tools"))
        .tools(tools)
        .build();
    CompletableFuture<String> done = new CompletableFuture<>();

    testing.runWithSpan("request", () -> assistant.chat("How is the weather in Oslo?")
        .onPartialResponse(partial -> { })
        .onCompleteResponse(response -> done.complete(response.aiMessage().text()))
        .onError(done::completeExceptionally)
        .start());

    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("Tool results: sunny in sample");
    assertThat(tools.weatherCalls).hasValue(1);
    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData request = Spans.single(trace, "request");
    // The started stream is the agent invocation, ended when the application's completion
    // handler ran; the loop's calls are its children, the second model call included.
    SpanData agent = Spans.single(trace, "invoke_agent StreamingAssistant");
    assertThat(agent.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(Spans.names(Spans.childrenOf(trace, agent))).containsExactly(
        "chat gpt-stream-tools", "execute_tool weather", "chat gpt-stream-tools");
    assertThat(agent.getAttributes().get(longKey("victor.agent.model_calls"))).isEqualTo(2);
    assertThat(agent.getAttributes().get(longKey("victor.agent.tool_calls"))).isEqualTo(1);
    assertThat(histogramCount(testing, "gen_ai.invoke_agent.duration",
        attributes("gen_ai.agent.name", "StreamingAssistant"))).isEqualTo(1);
    assertThat(histogramCount(testing, "victor.provider.latency_ms",
        attributes("provider", "openai", "model", "gpt-stream-tools"))).isEqualTo(2);
  }
}
