package ai.victor.otel.instrumentation.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.StoryWorkflow;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.WordCounter;
import ai.victor.otel.instrumentation.langchain4j.agentic.app.StoryAgents.Writer;
import ai.victor.otel.instrumentation.testing.Exported;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs in its own Surefire execution, with otel.instrumentation.victor-langchain4j-agentic.enabled
 * =false: no agent or workflow span, and the LangChain4j module still records the model call.
 */
class AgenticSwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void theSwitchTurnsTheAgentSpansOffAndLeavesTheModelCalls() throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.start(0)) {
      OpenAiChatModel model = OpenAiChatModel.builder()
          .baseUrl(server.baseUrl())
          .apiKey("test-key")
          .modelName("gpt-agentic")
          .maxRetries(0)
          .timeout(Duration.ofSeconds(10))
          .build();
      StoryWorkflow workflow = AgenticServices.sequenceBuilder(StoryWorkflow.class)
          .subAgents(AgenticServices.agentBuilder(Writer.class).chatModel(model).build(),
              new WordCounter())
          .build();
      workflow.write("dragons");
      assertThat(server.exchanges()).hasSize(1);
    }

    List<String> names = testing.waitForTraces(1).get(0).stream().map(SpanData::getName)
        .collect(Collectors.toList());
    assertThat(names).contains("chat gpt-agentic")
        .doesNotContain("invoke_agent storyWorkflow", "invoke_agent write", "invoke_agent count");
    Exported.assertNoExtensionFailures(testing);
  }
}
