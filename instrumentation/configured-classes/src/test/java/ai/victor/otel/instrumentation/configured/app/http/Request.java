package ai.victor.otel.instrumentation.configured.app.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A chat-completions request: the conversation so far and the tools offered. */
public record Request(String model, String conversation, boolean stream,
    List<Map<String, Object>> messages, List<String> tools) {

  public static Request of(String model, String conversation, boolean stream, String question,
      List<String> tools) {
    List<Map<String, Object>> messages = new ArrayList<>();
    messages.add(Map.of("role", "user", "content", question));
    return new Request(model, conversation, stream, messages, tools);
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", messages);
    body.put("stream", stream);
    if (stream) {
      body.put("stream_options", Map.of("include_usage", true));
    }
    List<Object> offered = new ArrayList<>();
    for (String tool : tools) {
      offered.add(Map.of("type", "function", "function", Map.of("name", tool,
          "description", "look something up", "parameters", Map.of("type", "object",
              "properties", Map.of("topic", Map.of("type", "string"))))));
    }
    if (!offered.isEmpty()) {
      body.put("tools", offered);
    }
    return body;
  }
}
