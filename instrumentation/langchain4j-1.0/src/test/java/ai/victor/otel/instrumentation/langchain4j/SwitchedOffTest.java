package ai.victor.otel.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.instrumentation.langchain4j.app.Assistant;
import ai.victor.otel.instrumentation.langchain4j.app.TravelTools;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run alone, in a JVM started with {@code otel.instrumentation.victor-langchain4j.enabled=false}
 * (the pom's switched-off execution): the module's switch leaves LangChain4j untouched.
 */
class SwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void theSwitchTurnsTheModuleOff() throws Exception {
    assertThat(System.getProperty("otel.instrumentation.victor-langchain4j.enabled"))
        .isEqualTo("false");
    try (FakeOpenAiServer server = FakeOpenAiServer.start(0)) {
      Assistant assistant = AiServices.builder(Assistant.class)
          .chatModel(Models.chat(server, "gpt-off"))
          .tools(new TravelTools())
          .build();

      assertThat(assistant.chat("weather?")).isEqualTo("Tool results: sunny in sample");
    }
    // the agent's own spans (HTTP client) may be there; none of ours
    Thread.sleep(500);
    assertThat(testing.spans()).noneMatch(span ->
        Exported.SCOPE.equals(span.getInstrumentationScopeInfo().getName()));
    assertThat(testing.metrics()).noneMatch(metric ->
        metric.getName().startsWith("victor.provider")
            || metric.getName().startsWith("victor.tool"));
  }
}
