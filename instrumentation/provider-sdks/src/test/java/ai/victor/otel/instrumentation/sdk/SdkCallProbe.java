package ai.victor.otel.instrumentation.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The per-call cost of the OpenAI module, measured as docs/performance.md measures the other
 * provider paths: CPU time and bytes per call of a real SDK chat completion whose HTTP client is
 * an in-memory stub (the SDK's request building, JSON parsing and validation all run), with the
 * agent alone and with the agent and the extension; the difference is the module's cost. Not a
 * test: run it by hand (docs/performance.md has the command).
 */
public final class SdkCallProbe {
  private static final byte[] BODY = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
      + "\"created\":1,\"model\":\"gpt-probe\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
      + "\"assistant\",\"content\":\"Echo: hi\",\"refusal\":null},\"logprobs\":null,"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,"
      + "\"total_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}")
      .getBytes(StandardCharsets.UTF_8);

  private SdkCallProbe() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    OpenAIClient client = new OpenAIClientImpl(ClientOptions.builder().apiKey("k")
        .baseUrl("http://127.0.0.1:1/v1").httpClient(new StubHttpClient()).build());
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-probe")
        .addUserMessage("hi").build();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < calls / 4; i++) {
        client.chat().completions().create(params);
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int i = 0; i < calls; i++) {
        client.chat().completions().create(params);
      }
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes;
      System.out.printf("round %d: %.0f CPU ns/call, %d B/call%n", round,
          (double) cpu / calls, bytes / calls);
    }
  }

  /** Answers every request at once with the same chat completion, from memory. */
  private static final class StubHttpClient implements HttpClient {
    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
      return new HttpResponse() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public Headers headers() {
          return Headers.builder().put("content-type", "application/json").build();
        }

        @Override
        public InputStream body() {
          return new ByteArrayInputStream(BODY);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request,
        RequestOptions options) {
      return CompletableFuture.completedFuture(execute(request, options));
    }

    @Override
    public void close() {}
  }
}
