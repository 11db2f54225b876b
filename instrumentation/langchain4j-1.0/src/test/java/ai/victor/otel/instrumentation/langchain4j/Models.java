package ai.victor.otel.instrumentation.langchain4j;

import ai.victor.fake.openai.FakeOpenAiServer;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;

/** The real OpenAI models of LangChain4j, pointed at the fake server. */
final class Models {
  private Models() {}

  static OpenAiChatModel chat(FakeOpenAiServer server, String model, int maxRetries,
      Duration timeout) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName(model)
        .maxRetries(maxRetries)
        .timeout(timeout)
        .build();
  }

  static OpenAiChatModel chat(FakeOpenAiServer server, String model) {
    return chat(server, model, 0, Duration.ofSeconds(10));
  }

  static OpenAiStreamingChatModel streaming(FakeOpenAiServer server, String model) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName(model)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** Whether this test JVM runs with content capture on (the latest-version run sets it). */
  static boolean captureContent() {
    return Boolean.getBoolean("victor.otel.capture-message-content");
  }

  static int contentMaxLength() {
    return Integer.getInteger("victor.otel.content-max-length", 1024);
  }
}
