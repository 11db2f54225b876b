package ai.victor.sample.sdks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * An application that calls three providers through their official Java SDKs, with no
 * OpenTelemetry code: OpenAI chat completions (blocking, streamed, asynchronous, and one the
 * provider rate-limits) and the Responses API (blocking and streamed), Anthropic messages
 * (blocking, streamed, asynchronous) and Google GenAI content (blocking and streamed). It prints
 * {@code SDKS DONE ...} when done, then stays up (so that metrics can be scraped) unless {@code
 * --exit} is given.
 *
 * <pre>java -jar victor-otel-sample-sdks.jar --base-url=http://127.0.0.1:8089 [--rounds=1] [--exit]</pre>
 */
public final class SampleSdksApp {
  private SampleSdksApp() {}

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:8089";
    int rounds = 1;
    boolean exit = false;
    for (String arg : args) {
      if (arg.startsWith("--base-url=")) {
        base = arg.substring("--base-url=".length());
      } else if (arg.startsWith("--rounds=")) {
        rounds = Integer.parseInt(arg.substring("--rounds=".length()));
      } else if (arg.equals("--exit")) {
        exit = true;
      }
    }
    int failures = 0;
    OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey("sample-key")
        .baseUrl(base + "/v1").maxRetries(0).build();
    OpenAIClientAsync openaiAsync = OpenAIOkHttpClientAsync.builder().apiKey("sample-key")
        .baseUrl(base + "/v1").maxRetries(0).build();
    AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey("sample-key")
        .baseUrl(base).maxRetries(0).build();
    AnthropicClientAsync anthropicAsync = AnthropicOkHttpClientAsync.builder()
        .apiKey("sample-key").baseUrl(base).maxRetries(0).build();
    try (Client gemini = Client.builder().apiKey("sample-key")
        .httpOptions(HttpOptions.builder().baseUrl(base).build()).build()) {
      for (int round = 0; round < rounds; round++) {
        ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model("gpt-sdk")
            .addUserMessage("What is the weather in Paris?").build();
        openai.chat().completions().create(chat);
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
            openai.chat().completions().createStreaming(chat.toBuilder().streamOptions(
                ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
          stream.stream().forEach(chunk -> { });
        }
        openaiAsync.chat().completions().create(chat).get();
        try {
          openai.chat().completions().create(chat.toBuilder().model("gpt-sdk-rate-limited")
              .build());
        } catch (RuntimeException e) {
          failures++;
        }
        ResponseCreateParams response = ResponseCreateParams.builder().model("gpt-sdk-responses")
            .input("Summarise the news").build();
        openai.responses().create(response);
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream =
            openai.responses().createStreaming(response)) {
          stream.stream().forEach(event -> { });
        }

        MessageCreateParams message = MessageCreateParams.builder().model("claude-sdk")
            .maxTokens(256).addUserMessage("Plan a trip to Oslo").build();
        anthropic.messages().create(message);
        try (StreamResponse<RawMessageStreamEvent> stream =
            anthropic.messages().createStreaming(message)) {
          stream.stream().forEach(event -> { });
        }
        anthropicAsync.messages().create(message).get();

        gemini.models.generateContent("gemini-sdk", "Translate hello", null);
        try (ResponseStream<GenerateContentResponse> stream =
            gemini.models.generateContentStream("gemini-sdk", "Translate goodbye", null)) {
          for (GenerateContentResponse ignored : stream) {
            // read to the end
          }
        }
      }
    } finally {
      openai.close();
      openaiAsync.close();
      anthropic.close();
      anthropicAsync.close();
    }
    System.out.println("SDKS DONE rounds=" + rounds + " failures=" + failures);
    if (!exit) {
      Thread.currentThread().join();
    }
  }
}
