package ai.victor.otel.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;

/**
 * Runs in its own Surefire execution, with otel.instrumentation.victor-spring-ai.enabled=false:
 * the documented switch turns the whole module off, and the application works as before.
 */
class SwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void nothingIsRecordedWhenTheModuleIsSwitchedOff() throws Exception {
    String answer;
    try (FakeOpenAiServer server = FakeOpenAiServer.start(0)) {
      ChatClient client = ChatClient.create(VersionedModels.openAi(server, "gpt-off",
          ObservationRegistry.NOOP, Duration.ofSeconds(30)));
      answer = client.prompt().user("weather in Oslo?").tools(new AppTools()).call().content();
      assertThat(server.exchanges()).hasSize(2);
    }

    assertThat(answer).startsWith("Tool results: ").contains("sunny in ");
    // Flushes the agent's SDK: whatever the extension recorded would be exported by now.
    testing.waitForTraces(0);
    assertThat(testing.spans()).noneMatch(s ->
        Recorded.SCOPE.equals(s.getInstrumentationScopeInfo().getName()));
    assertThat(Recorded.anyScope(testing, "victor.provider.latency_ms")).isEmpty();
    assertThat(Recorded.anyScope(testing, "victor.tool.duration_ms")).isEmpty();
    assertThat(Recorded.anyScope(testing, "gen_ai.client.operation.duration")).isEmpty();
  }
}
