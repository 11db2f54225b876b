package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Reply;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;

/**
 * Runs in its own Surefire execution, with victor.otel.capture-message-content=true and
 * victor.otel.content-max-length=16: prompts, completions, tool arguments and tool results are
 * recorded on the spans, cut to 16 characters. (SpringAiAdviceTest checks they are absent by
 * default.)
 */
class ContentCaptureTest {
  private static final int MAX = 16;

  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void contentIsRecordedTruncatedWhenSwitchedOn() throws Exception {
    String question = "What does weather say for Lisbon today?";
    String answer;
    Reply toolCall;
    try (FakeOpenAiServer server = FakeOpenAiServer.start(0)) {
      ChatClient client = ChatClient.create(VersionedModels.openAi(server, "gpt-content",
          ObservationRegistry.NOOP, Duration.ofSeconds(30)));
      answer = client.prompt().user(question).tools(new AppTools()).call().content();
      toolCall = server.exchanges().get(0).reply();
    }

    List<SpanData> spans = Recorded.spans(testing,
        s -> !Recorded.named(s, "chat ").isEmpty() && !Recorded.named(s, "execute_tool").isEmpty());
    SpanData chat = Recorded.one(spans, "chat gpt-content");
    // The GenAI conventions' structured form, the content cut to MAX characters, still JSON.
    assertThat(chat.getAttributes().get(stringKey("gen_ai.input.messages"))).isEqualTo(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + question.substring(0, MAX) + "\"}]}]");
    assertThat(chat.getAttributes().get(stringKey("gen_ai.output.messages"))).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + answer.substring(0, MAX).replace("\"", "\\\"") + "\"}],\"finish_reason\":\"stop\"}]");
    SpanData tool = Recorded.one(spans, "execute_tool weather");
    String arguments = toolCall.toolCalls().get(0).arguments();
    assertThat(tool.getAttributes().get(stringKey("gen_ai.tool.call.arguments")))
        .isEqualTo(arguments.length() <= MAX ? arguments : arguments.substring(0, MAX));
    // The fake model answers "Tool results: " + what the tool returned.
    String result = answer.substring("Tool results: ".length());
    assertThat(result).contains("sunny in ");
    assertThat(tool.getAttributes().get(stringKey("gen_ai.tool.call.result")))
        .isEqualTo(result.length() <= MAX ? result : result.substring(0, MAX));
  }
}
