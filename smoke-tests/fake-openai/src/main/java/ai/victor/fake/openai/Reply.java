package ai.victor.fake.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the fake model answers to one request, whatever API it came through. The rules are
 * deterministic so that tests can predict every answer, tool call and token count:
 *
 * <ul>
 *   <li>If the request offers tools and fewer tool-call rounds than the {@link Script}'s {@code
 *       toolRounds} (1 unless scripted) happened since the last user message, the model calls every
 *       offered tool whose name appears in the last user message (in the order offered), with
 *       arguments made from each tool's JSON schema: the same calls with the same arguments in every
 *       round, as a looping agent would see them.
 *   <li>After tool results, it answers {@code "Tool results: "} followed by the results (of all
 *       rounds) joined by {@code "; "}.
 *   <li>Otherwise it answers {@code "Echo: "} followed by the last user message.
 *   <li>Prompt tokens are the characters of all message texts divided by four, rounded up, plus the
 *       script's cache-read and cache-write tokens; completion tokens likewise for the answer or the
 *       tool calls' names and arguments, plus the script's reasoning tokens.
 * </ul>
 */
public record Reply(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens) {

  /** One tool call the model asks for; {@code arguments} is a JSON object's text. */
  public record ToolCall(String id, String name, String arguments) {}

  public String finishReason() {
    return toolCalls.isEmpty() ? "stop" : "tool_calls";
  }

  /** This reply with {@code text} as the answer instead, its output tokens counted from it. */
  Reply answering(String text) {
    return new Reply(text, List.of(), promptTokens, tokens(text.length()));
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  /** The text the model shows: its answer, or nothing when it calls tools. */
  String text() {
    return content == null ? "" : content;
  }

  /**
   * The answer to {@code conversation}; tool call ids are {@code idPrefix + sequence + "_" + i}, so
   * unique per request, as the providers' are.
   */
  static Reply to(Conversation conversation, Script script, int sequence, String idPrefix) {
    int promptTokens = tokens(conversation.promptChars())
        + Usage.orZero(script.cacheReadTokens()) + Usage.orZero(script.cacheWriteTokens());
    int reasoning = Usage.orZero(script.reasoningTokens());
    if (conversation.toolRounds() < script.toolRounds()) {
      List<ToolCall> calls = new ArrayList<>();
      String lowerText = conversation.lastUserText().toLowerCase(Locale.ROOT);
      int callChars = 0;
      for (Conversation.Tool tool : conversation.tools()) {
        if (lowerText.contains(tool.name().toLowerCase(Locale.ROOT))) {
          String arguments = Json.write(argumentsFor(tool.parameters()));
          calls.add(new ToolCall(idPrefix + sequence + "_" + calls.size(), tool.name(), arguments));
          callChars += tool.name().length() + arguments.length();
        }
      }
      if (!calls.isEmpty()) {
        return new Reply(null, List.copyOf(calls), promptTokens, tokens(callChars) + reasoning);
      }
    }
    String answer = conversation.toolResults().isEmpty()
        ? "Echo: " + conversation.lastUserText()
        : "Tool results: " + String.join("; ", conversation.toolResults());
    return new Reply(answer, List.of(), promptTokens, tokens(answer.length()) + reasoning);
  }

  /** Message content is a string, or (multimodal form) a list of parts with "text". */
  static String contentText(Object content) {
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
    // Gemini's SDK writes schema types in capitals (STRING, OBJECT).
    switch (Json.string(property.get("type")).toLowerCase(Locale.ROOT)) {
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
