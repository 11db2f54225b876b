package ai.victor.otel.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The application side of {@link SdkPairedProbe}: blocking provider calls through an SDK's own
 * OkHttp client, as a service makes them (one client, the same request each time). Loaded once
 * per copy of the application, in that copy's class loader.
 */
public final class SdkProbe {
  private SdkProbe() {}

  /** A runner for {@code sdk} ({@code openai} or {@code anthropic}) calling {@code baseUrl}. */
  public static Object runner(String sdk, String baseUrl) {
    switch (sdk) {
      case "openai":
        return new OpenAiChat(baseUrl);
      case "anthropic":
        return new AnthropicMessages(baseUrl);
      default:
        throw new IllegalArgumentException("sdk: openai or anthropic, not " + sdk);
    }
  }

  /** OpenAI chat completions, blocking. */
  public static final class OpenAiChat {
    private final OpenAIClient client;
    private final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-probe").addUserMessage("hi").build();

    OpenAiChat(String baseUrl) {
      client = OpenAIOkHttpClient.builder().apiKey("k").baseUrl(baseUrl).maxRetries(0).build();
    }

    public void calls(int n) {
      for (int i = 0; i < n; i++) {
        client.chat().completions().create(params);
      }
    }
  }

  /** Anthropic messages, blocking. */
  public static final class AnthropicMessages {
    private final AnthropicClient client;
    private final MessageCreateParams params = MessageCreateParams.builder()
        .model("claude-probe").maxTokens(64).addUserMessage("hi").build();

    AnthropicMessages(String baseUrl) {
      client = AnthropicOkHttpClient.builder().apiKey("k").baseUrl(baseUrl).maxRetries(0)
          .build();
    }

    public void calls(int n) {
      for (int i = 0; i < n; i++) {
        client.messages().create(params);
      }
    }
  }
}
