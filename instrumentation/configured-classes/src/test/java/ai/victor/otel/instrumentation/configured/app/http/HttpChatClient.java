package ai.victor.otel.instrumentation.configured.app.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An application's own OpenAI chat-completions client over the JDK's HttpClient, the kind a
 * configured provider target points at: one attempt more after a 5xx, a streamed answer read
 * line by line with {@link #delta} called per piece of text on the calling thread. No
 * OpenTelemetry code.
 */
public class HttpChatClient {
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  public HttpChatClient(String baseUrl) {
    this.base = URI.create(baseUrl);
  }

  public String host() {
    return base.getHost();
  }

  public int port() {
    return base.getPort();
  }

  /** One logical call: up to two attempts. */
  public Answer complete(Request request) throws IOException, InterruptedException {
    int retries = 0;
    while (true) {
      HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(
              URI.create(base + "/chat/completions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JsonText.write(request.body())))
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() >= 500 && retries < 1) {
        response.body().close();
        retries++;
        continue;
      }
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException("HTTP " + response.statusCode());
      }
      return request.stream() ? read(response, retries) : answer(response, retries);
    }
  }

  /** Called once per streamed piece of text (a configured target's chunk method). */
  void delta(String text) {}

  private Answer answer(HttpResponse<java.io.InputStream> response, int retries)
      throws IOException {
    Map<String, Object> body = JsonText.object(JsonText.parse(new String(response.body().readAllBytes(),
        StandardCharsets.UTF_8)));
    Map<String, Object> choice = JsonText.object(JsonText.array(body.get("choices")).get(0));
    Map<String, Object> message = JsonText.object(choice.get("message"));
    return new Answer(JsonText.string(message.get("content")), toolCalls(message.get("tool_calls")),
        JsonText.string(body.get("model")), JsonText.string(choice.get("finish_reason")),
        JsonText.object(body.get("usage")), response.headers().map(), retries);
  }

  private Answer read(HttpResponse<java.io.InputStream> response, int retries)
      throws IOException {
    StringBuilder text = new StringBuilder();
    String model = null;
    String finish = null;
    Map<String, Object> usage = Map.of();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
          continue;
        }
        Map<String, Object> chunk = JsonText.object(JsonText.parse(line.substring("data: ".length())));
        model = JsonText.string(chunk.get("model"));
        if (chunk.get("usage") != null) {
          usage = JsonText.object(chunk.get("usage"));
        }
        for (Object item : JsonText.array(chunk.get("choices"))) {
          Map<String, Object> choice = JsonText.object(item);
          Object content = JsonText.object(choice.get("delta")).get("content");
          if (content instanceof String && !((String) content).isEmpty()) {
            delta((String) content);
            text.append(content);
          }
          if (choice.get("finish_reason") != null) {
            finish = JsonText.string(choice.get("finish_reason"));
          }
        }
      }
    }
    return new Answer(text.toString(), List.of(), model, finish, usage, response.headers().map(),
        retries);
  }

  private static List<Answer.ToolCall> toolCalls(Object calls) {
    List<Answer.ToolCall> result = new ArrayList<>();
    for (Object item : JsonText.array(calls)) {
      Map<String, Object> function = JsonText.object(JsonText.object(item).get("function"));
      result.add(new Answer.ToolCall(JsonText.string(JsonText.object(item).get("id")),
          JsonText.string(function.get("name")), JsonText.string(function.get("arguments"))));
    }
    return result;
  }
}
