package ai.victor.otel.instrumentation.langchain4j.agentic;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Critic;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Drafts;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Editor;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Flaky;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Review;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Route;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.StoryWorkflow;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Translator;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.WordCounter;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Writer;
import ai.victor.otel.instrumentation.testing.Exported;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.agent.ErrorRecoveryResult;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agentic systems of langchain4j-agentic (sequence, parallel, loop, conditional, supervisor, a
 * plain Java agent) under the agent: one {@code invoke_agent} span per agent call, nested as the workflow
 * calls them, parallel branches included, and an AI agent's AI service adding no second span.
 */
class AgenticSystemTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void freshServer() {
    server.reset();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void theExpectedReleasesAreOnTheClassPath() throws Exception {
    String agentic = System.getProperty("victor.agentic.expected");
    assertThat(mavenVersion("langchain4j-agentic")).isEqualTo(agentic);
    // each langchain4j-agentic release goes with the LangChain4j of the same number
    assertThat(mavenVersion("langchain4j-core")).isEqualTo(agentic.replaceAll("-beta\\d+$", ""));
  }

  @Test
  void sequenceWithAParallelStepNestsEveryAgent() {
    OpenAiChatModel model = model("gpt-agentic");
    Review review = AgenticServices.parallelBuilder(Review.class)
        .subAgents(agent(Critic.class, model), agent(Translator.class, model))
        .build();
    StoryWorkflow workflow = AgenticServices.sequenceBuilder(StoryWorkflow.class)
        .subAgents(agent(Writer.class, model), review, new WordCounter())
        .build();

    workflow.write("dragons");

    assertThat(server.exchanges()).hasSize(3);
    List<SpanData> trace = oneTrace();
    assertThat(agentSpans(trace)).as("one span per agent call").hasSize(6);
    SpanData root = single(trace, "invoke_agent storyWorkflow");
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(root.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(root.getAttributes().get(stringKey("gen_ai.operation.name")))
        .isEqualTo("invoke_agent");
    assertThat(root.getAttributes().get(stringKey("gen_ai.agent.name")))
        .isEqualTo("storyWorkflow");
    assertThat(names(childrenOf(trace, root))).containsExactly(
        "invoke_agent write", "invoke_agent review", "invoke_agent count");

    SpanData write = single(trace, "invoke_agent write");
    assertThat(write.getAttributes().get(stringKey("gen_ai.agent.name"))).isEqualTo("write");
    assertThat(names(childrenOf(trace, write))).containsExactly("chat gpt-agentic");
    SpanData parallel = single(trace, "invoke_agent review");
    assertThat(names(childrenOf(trace, parallel))).containsExactlyInAnyOrder(
        "invoke_agent critique", "invoke_agent translate");
    for (String branch : List.of("invoke_agent critique", "invoke_agent translate")) {
      assertThat(names(childrenOf(trace, single(trace, branch)))).containsExactly(
          "chat gpt-agentic");
    }
    assertThat(childrenOf(trace, single(trace, "invoke_agent count"))).isEmpty();
    assertThat(trace).allSatisfy(span ->
        assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR));
  }

  @Test
  void loopIsOneSpanOverEachIterationsAgent() {
    Drafts drafts = AgenticServices.loopBuilder(Drafts.class)
        .subAgents(agent(Writer.class, model("gpt-agentic")))
        .maxIterations(2)
        .build();

    drafts.write("dragons");

    assertThat(server.exchanges()).hasSize(2);
    List<SpanData> trace = oneTrace();
    SpanData loop = single(trace, "invoke_agent drafts");
    assertThat(names(childrenOf(trace, loop)))
        .containsExactly("invoke_agent write", "invoke_agent write");
    assertThat(agentSpans(trace)).hasSize(3);
  }

  /** A conditional step: a span for the branch whose condition held, none for the other. */
  @Test
  void conditionalSpansOnlyTheBranchItTakes() {
    OpenAiChatModel model = model("gpt-agentic");
    Route route = AgenticServices.conditionalBuilder(Route.class)
        .subAgents(scope -> true, agent(Writer.class, model))
        .subAgents(scope -> false, agent(Critic.class, model))
        .build();

    route.route("dragons");

    assertThat(server.exchanges()).hasSize(1);
    List<SpanData> trace = oneTrace();
    SpanData conditional = single(trace, "invoke_agent route");
    assertThat(conditional.getParentSpanContext().isValid()).isFalse();
    assertThat(names(childrenOf(trace, conditional))).containsExactly("invoke_agent write");
    assertThat(names(childrenOf(trace, single(trace, "invoke_agent write"))))
        .containsExactly("chat gpt-agentic");
    assertThat(agentSpans(trace)).hasSize(2);
  }

  /**
   * The supervisor's own model call (its planner, an AI service of LangChain4j) is an agent span
   * of its own beside the agents it chooses.
   */
  @Test
  void supervisorPlansAndCallsTheAgentItChose() {
    server.answer("gpt-planner",
        "{\"agentName\": \"write\", \"arguments\": {\"topic\": \"dragons\"}}",
        "{\"agentName\": \"done\", \"arguments\": {\"response\": \"written\"}}");
    Editor editor = AgenticServices.supervisorBuilder(Editor.class)
        .chatModel(model("gpt-planner"))
        .subAgents(agent(Writer.class, model("gpt-agentic")))
        .build();

    editor.edit("a story about dragons");

    List<String> models = server.exchanges().stream().map(FakeOpenAiServer.Exchange::model)
        .collect(Collectors.toList());
    assertThat(models).containsExactly("gpt-planner", "gpt-agentic", "gpt-planner");
    List<SpanData> trace = oneTrace();
    SpanData supervisor = single(trace, "invoke_agent editor");
    assertThat(names(childrenOf(trace, supervisor))).containsExactly(
        "invoke_agent PlannerAgent", "invoke_agent write", "invoke_agent PlannerAgent");
    assertThat(names(childrenOf(trace, single(trace, "invoke_agent write"))))
        .containsExactly("chat gpt-agentic");
  }

  @Test
  void failedAgentIsAnErrorWithWhatFailedIt() {
    OpenAiChatModel failing = model("bad-request-agentic");
    StoryWorkflow workflow = AgenticServices.sequenceBuilder(StoryWorkflow.class)
        .subAgents(agent(Writer.class, failing), new WordCounter())
        .build();

    assertThatThrownBy(() -> workflow.write("dragons")).isInstanceOf(RuntimeException.class);

    List<SpanData> trace = oneTrace();
    SpanData write = single(trace, "invoke_agent write");
    assertThat(write.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // the model's error, not LangChain4j's AgentInvocationException around it: classified as
    // every agent invocation's error.type is (a 400 is "client"), the exception on the span
    assertThat(write.getAttributes().get(stringKey("error.type"))).isEqualTo("client");
    assertThat(write.getEvents()).anySatisfy(event -> assertThat(event.getAttributes()
        .get(stringKey("exception.type")))
        .isEqualTo("dev.langchain4j.exception.InvalidRequestException"));
    SpanData root = single(trace, "invoke_agent storyWorkflow");
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(names(childrenOf(trace, root))).containsExactly("invoke_agent write");
  }

  /**
   * A workflow's error handler that retries a failed sub-agent: the failed call and the retry are
   * two spans of that agent under the workflow's, the first an error, the second and the workflow
   * not, and the agents after it run once.
   */
  @Test
  void errorHandlerRetryIsASecondSpanOfTheAgent() {
    Flaky flaky = new Flaky();
    StoryWorkflow workflow = AgenticServices.sequenceBuilder(StoryWorkflow.class)
        .subAgents(flaky, agent(Writer.class, model("gpt-agentic")))
        .errorHandler(error -> ErrorRecoveryResult.retry())
        .build();

    workflow.write("dragons");

    assertThat(flaky.calls()).isEqualTo(2);
    assertThat(server.exchanges()).hasSize(1);
    List<SpanData> trace = oneTrace();
    assertThat(agentSpans(trace)).as("one span per agent call").hasSize(4);
    SpanData root = single(trace, "invoke_agent storyWorkflow");
    assertThat(root.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    List<SpanData> children = childrenOf(trace, root);
    assertThat(names(children)).containsExactly(
        "invoke_agent check", "invoke_agent check", "invoke_agent write");
    assertThat(children.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(children.get(0).getEvents()).anySatisfy(event -> assertThat(event.getAttributes()
        .get(stringKey("exception.type"))).isEqualTo("java.lang.IllegalStateException"));
    assertThat(children.get(1).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(names(childrenOf(trace, children.get(2)))).containsExactly("chat gpt-agentic");
  }

  private static String mavenVersion(String artifact) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = AgenticServices.class.getClassLoader().getResourceAsStream(
        "META-INF/maven/dev.langchain4j/" + artifact + "/pom.properties")) {
      assertThat(in).as(artifact).isNotNull();
      properties.load(in);
    }
    return properties.getProperty("version");
  }

  private static <T> T agent(Class<T> type, OpenAiChatModel model) {
    return AgenticServices.agentBuilder(type).chatModel(model).build();
  }

  private static OpenAiChatModel model(String name) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName(name)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static List<SpanData> oneTrace() {
    List<List<SpanData>> traces = testing.waitForTraces(1);
    assertThat(traces).hasSize(1);
    return new ArrayList<>(traces.get(0));
  }

  private static List<SpanData> agentSpans(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getName().startsWith("invoke_agent "))
        .collect(Collectors.toList());
  }

  private static SpanData single(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
    assertThat(found).as("spans named %s in %s", name, names(spans)).hasSize(1);
    return found.get(0);
  }

  private static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
        .collect(Collectors.toList());
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }
}
