package ai.victor.fake.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request reduced to what {@link Reply} decides on, whatever API it came through: how much text
 * the prompt has, the last user message, and what happened since (tool-call rounds, tool results).
 * Each API's reader walks its messages in order and calls {@link Builder}.
 */
record Conversation(int promptChars, String lastUserText, int toolRounds, List<String> toolResults,
    List<Tool> tools) {

  /** A tool the request offers: its name and JSON schema of parameters. */
  record Tool(String name, Map<String, Object> parameters) {}

  static final class Builder {
    private int promptChars;
    private String lastUserText = "";
    private int toolRounds;
    private final List<String> toolResults = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();

    /** Prompt text that counts towards input tokens but is not a user turn (system, assistant). */
    Builder text(String text) {
      promptChars += text.length();
      return this;
    }

    /** A user's message: what happened after the previous one no longer matters. */
    Builder user(String text) {
      text(text);
      lastUserText = text;
      toolRounds = 0;
      toolResults.clear();
      return this;
    }

    /** An assistant turn that called tools. */
    Builder toolRound() {
      toolRounds++;
      return this;
    }

    Builder toolResult(String result) {
      text(result);
      toolResults.add(result);
      return this;
    }

    Builder tool(String name, Map<String, Object> parameters) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a tool without a name");
      }
      tools.add(new Tool(name, parameters));
      return this;
    }

    Conversation build() {
      return new Conversation(promptChars, lastUserText, toolRounds, List.copyOf(toolResults),
          List.copyOf(tools));
    }
  }
}
