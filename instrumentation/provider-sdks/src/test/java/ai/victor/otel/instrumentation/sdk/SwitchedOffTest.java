package ai.victor.otel.instrumentation.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs in its own Surefire execution, with the three modules' switches set to false
 * (otel.instrumentation.victor-openai-java / victor-anthropic-java / victor-google-genai
 * .enabled): nothing is recorded and the application works as before.
 */
class SwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void nothingIsRecordedWhenTheModulesAreSwitchedOff() throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.start(0)) {
      OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey("k").baseUrl(server.baseUrl())
          .build();
      assertThat(openai.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-off").addUserMessage("hi").build()).choices()).hasSize(1);
      AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey("k")
          .baseUrl(server.rootUrl()).build();
      assertThat(anthropic.messages().create(MessageCreateParams.builder().model("claude-off")
          .maxTokens(64).addUserMessage("hi").build()).content()).hasSize(1);
      try (Client gemini = Client.builder().apiKey("k")
          .httpOptions(HttpOptions.builder().baseUrl(server.rootUrl()).build()).build()) {
        assertThat(gemini.models.generateContent("gemini-off", "hi", null).text())
            .isEqualTo("Echo: hi");
      }
      assertThat(server.exchanges()).hasSize(3);
      openai.close();
      anthropic.close();
    }

    // Flushes the agent's SDK: whatever the extension recorded would be exported by now.
    testing.waitForTraces(0);
    // The Anthropic SDK 3.x traces its own API calls (anthropic.messages.create): not ours.
    assertThat(testing.spans()).noneMatch(s ->
        "ai.victor.otel".equals(s.getInstrumentationScopeInfo().getName()));
    assertThat(testing.metrics()).noneMatch(m -> m.getName().startsWith("victor.provider")
        || m.getName().startsWith("gen_ai."));
  }
}
