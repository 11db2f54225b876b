package ai.victor.otel.instrumentation.springai;

import ai.victor.fake.openai.FakeOpenAiServer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring AI 1.x's OpenAI client (its own {@code OpenAiApi} over Spring's RestClient and
 * WebClient) pointed at the fake server, built the way Spring AI's auto-configuration builds it.
 */
final class VersionedModels {
  /** In this release, one ChatModel.call runs the whole tool loop. */
  static final boolean CHAT_MODEL_RUNS_TOOL_LOOP = true;
  /** In this release, the tools of a streamed tool loop run on a Reactor worker outside the caller's trace. */
  /**
   * Whether the module sees this release's HTTP requests (Spring's RestClient: yes; the OpenAI
   * SDK's own client: no), which tell the server, the retries and the rate-limit headers.
   */
  static final boolean SEES_HTTP_REQUESTS = true;
  static final boolean STREAMED_TOOLS_KEEP_THE_TRACE = false;

  static ChatModel openAi(FakeOpenAiServer server, String model, ObservationRegistry observations,
      Duration timeout) {
    return openAi(server, model, observations, timeout, 1);
  }

  /** With Spring AI's RetryTemplate making up to {@code attempts} attempts, 10 ms apart. */
  static ChatModel openAi(FakeOpenAiServer server, String model, ObservationRegistry observations,
      Duration timeout, int attempts) {
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
    requests.setReadTimeout(timeout);
    String base = server.baseUrl();
    OpenAiApi api = OpenAiApi.builder()
        // OpenAiApi appends /v1/chat/completions itself
        .baseUrl(base.substring(0, base.length() - "/v1".length()))
        .apiKey("fake-key")
        .restClientBuilder(RestClient.builder().requestFactory(requests))
        .webClientBuilder(WebClient.builder())
        .build();
    return OpenAiChatModel.builder()
        .openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model(model).streamUsage(true).build())
        // one attempt: the tests see each failure once, as Spring AI classifies it
        .retryTemplate(RetryTemplate.builder().maxAttempts(attempts).fixedBackoff(10).build())
        .observationRegistry(observations)
        .build();
  }

  private VersionedModels() {}
}
