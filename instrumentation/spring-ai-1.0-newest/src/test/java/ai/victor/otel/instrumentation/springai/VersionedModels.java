package ai.victor.otel.instrumentation.springai;

import ai.victor.fake.openai.FakeOpenAiServer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Spring AI 2.x's OpenAI chat model (the official OpenAI Java SDK over OkHttp) pointed at the
 * fake server, built the way Spring AI's auto-configuration builds it.
 */
final class VersionedModels {
  /** In this release, ChatClient runs the tool loop, one ChatModel.call per model request. */
  static final boolean CHAT_MODEL_RUNS_TOOL_LOOP = false;
  /** In this release, the tools of a streamed tool loop stay in the caller's trace, under the streamed chat span. */
  /**
   * Whether the module sees this release's HTTP requests (Spring's RestClient: yes; the OpenAI
   * SDK's own client: no), which tell the server, the retries and the rate-limit headers.
   */
  static final boolean SEES_HTTP_REQUESTS = false;
  static final boolean STREAMED_TOOLS_KEEP_THE_TRACE = true;

  static ChatModel openAi(FakeOpenAiServer server, String model, ObservationRegistry observations,
      Duration timeout) {
    return openAi(server, model, observations, timeout, 1);
  }

  /** With the SDK making up to {@code attempts} attempts. */
  static ChatModel openAi(FakeOpenAiServer server, String model, ObservationRegistry observations,
      Duration timeout, int attempts) {
    return OpenAiChatModel.builder()
        .options(OpenAiChatOptions.builder()
            .baseUrl(server.baseUrl()) // the SDK's base URL includes /v1
            .apiKey("fake-key")
            .model(model)
            .streamUsage(true)
            .timeout(timeout)
            // no SDK retries: the tests see each failure once, as Spring AI classifies it
            .maxRetries(attempts - 1)
            .build())
        .observationRegistry(observations)
        .build();
  }

  private VersionedModels() {}
}
