package ai.victor.fake.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the fake model answers to one chat-completions request. The rules are deterministic so that
 * tests can predict every answer, tool call and token count:
 *
 * <ul>
 *   <li>If the request offers tools and the conversation has no tool result after the last user
 *       message, the model calls every offered tool whose name appears in the last user message (in
 *       the order offered), with arguments made from each tool's JSON schema.
 *   <li>After tool results, it answers {@code "Tool results: "} followed by the results joined by
 *       {@code "; "}.
 *   <li>Otherwise it answers {@code "Echo: "} followed by the last user message.
 *   <li>Prompt tokens are the characters of all message contents divided by four, rounded up;
 *       completion tokens likewise for the answer or the tool calls' names and arguments.
 * </ul>
 */
public record Reply(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens) {

  /** One tool call the model asks for. */
  public record ToolCall(String id, String name, String arguments) {}

  public String finishReason() {
    return toolCalls.isEmpty() ? "stop" : "tool_calls";
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  static Reply to(Map<String, Object> request, int sequence) {
    List<Object> messages = Json.array(request.get("messages"));
    int lastUser = -1;
    int promptChars = 0;
    for (int i = 0; i < messages.size(); i++) {
      Map<String, Object> message = Json.object(messages.get(i));
      promptChars += text(message.get("content")).length();
      if ("user".equals(message.get("role"))) {
        lastUser = i;
      }
    }
    List<String> toolResults = new ArrayList<>();
    for (int i = lastUser + 1; i < messages.size(); i++) {
      Map<String, Object> message = Json.object(messages.get(i));
      if ("tool".equals(message.get("role"))) {
        toolResults.add(text(message.get("content")));
      }
    }
    String userText = lastUser < 0 ? "" : text(Json.object(messages.get(lastUser)).get("content"));
    int promptTokens = tokens(promptChars);

    if (!toolResults.isEmpty()) {
      String answer = "Tool results: " + String.join("; ", toolResults);
      return new Reply(answer, List.of(), promptTokens, tokens(answer.length()));
    }
    List<ToolCall> calls = new ArrayList<>();
    String lowerText = userText.toLowerCase(Locale.ROOT);
    int callChars = 0;
    for (Object tool : Json.array(request.get("tools"))) {
      Map<String, Object> function = Json.object(Json.object(tool).get("function"));
      String name = Json.string(function.get("name"));
      if (!name.isEmpty() && lowerText.contains(name.toLowerCase(Locale.ROOT))) {
        String arguments = Json.write(argumentsFor(Json.object(function.get("parameters"))));
        calls.add(new ToolCall("call_" + sequence + "_" + calls.size(), name, arguments));
        callChars += name.length() + arguments.length();
      }
    }
    if (!calls.isEmpty()) {
      return new Reply(null, List.copyOf(calls), promptTokens, tokens(callChars));
    }
    String answer = "Echo: " + userText;
    return new Reply(answer, List.of(), promptTokens, tokens(answer.length()));
  }

  /** Message content is a string, or (multimodal form) a list of parts with "text". */
  private static String text(Object content) {
    if (content instanceof String) {
      return (String) content;
    }
    StringBuilder out = new StringBuilder();
    for (Object part : Json.array(content)) {
      out.append(Json.string(Json.object(part).get("text")));
    }
    return out.toString();
  }

  private static int tokens(int chars) {
    return (chars + 3) / 4;
  }

  private static Map<String, Object> argumentsFor(Map<String, Object> schema) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    Json.object(schema.get("properties")).forEach((name, property) ->
        arguments.put(name, sampleValue(Json.object(property))));
    return arguments;
  }

  private static Object sampleValue(Map<String, Object> property) {
    List<Object> choices = Json.array(property.get("enum"));
    if (!choices.isEmpty()) {
      return choices.get(0);
    }
    switch (Json.string(property.get("type"))) {
      case "integer":
        return 1;
      case "number":
        return 1.5;
      case "boolean":
        return true;
      case "array":
        return List.of();
      case "object":
        return argumentsFor(property);
      default:
        return "sample";
    }
  }
}
