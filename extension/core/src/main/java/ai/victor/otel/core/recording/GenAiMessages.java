package ai.victor.otel.core.recording;

/**
 * Captured message content in the GenAI semantic conventions' structured form, the JSON value of
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages}: an array of messages, each
 * {@code {"role": ..., "parts": [...]}} (output messages also {@code "finish_reason"}), a part
 * being {@code {"type":"text","content":...}}, {@code {"type":"tool_call","id":...,"name":...,
 * "arguments":...}} or {@code {"type":"tool_call_response","id":...,"response":...}}.
 *
 * <p>Content is cut to {@code victor.otel.content-max-length} characters in all (texts, arguments
 * and responses together): the contents are shortened, never the JSON, so the value always
 * parses. Once the budget is spent no further parts or messages are added. Tool arguments are
 * recorded as a string (what the model sent), not re-parsed.
 *
 * <p>Built only when content capture is on; not thread-safe (one builder per call).
 */
public final class GenAiMessages {
  private final StringBuilder json = new StringBuilder(128).append('[');
  private int remaining;
  private boolean inMessage;
  private boolean firstPart;
  private String finishReason;
  private int messages;

  private GenAiMessages(int maxLength) {
    this.remaining = maxLength;
  }

  public static GenAiMessages create(int maxLength) {
    return new GenAiMessages(maxLength);
  }

  /** One message of one text part: the common case of a prompt or an answer given as text. */
  public static String text(String role, CharSequence content, int maxLength) {
    return create(maxLength).message(role).text(content).toJson();
  }

  /** Starts a message of {@code role} ({@code system}, {@code user}, {@code assistant}, {@code tool}). */
  public GenAiMessages message(String role) {
    closeMessage();
    if (remaining <= 0 && messages > 0) {
      return this;
    }
    if (messages++ > 0) {
      json.append(',');
    }
    json.append("{\"role\":");
    string(role);
    json.append(",\"parts\":[");
    inMessage = true;
    firstPart = true;
    return this;
  }

  public GenAiMessages text(CharSequence content) {
    if (startPart("text")) {
      json.append(",\"content\":");
      content(content);
      json.append('}');
    }
    return this;
  }

  public GenAiMessages toolCall(String id, String name, CharSequence arguments) {
    if (startPart("tool_call")) {
      if (id != null) {
        json.append(",\"id\":");
        string(id);
      }
      json.append(",\"name\":");
      string(name);
      if (arguments != null) {
        json.append(",\"arguments\":");
        content(arguments);
      }
      json.append('}');
    }
    return this;
  }

  public GenAiMessages toolCallResponse(String id, CharSequence response) {
    if (startPart("tool_call_response")) {
      if (id != null) {
        json.append(",\"id\":");
        string(id);
      }
      json.append(",\"response\":");
      content(response);
      json.append('}');
    }
    return this;
  }

  /** The finish reason of the current (output) message. */
  public GenAiMessages finishReason(String reason) {
    finishReason = reason;
    return this;
  }

  public String toJson() {
    closeMessage();
    return json.toString() + ']';
  }

  private boolean startPart(String type) {
    if (!inMessage || remaining <= 0) {
      return false;
    }
    if (!firstPart) {
      json.append(',');
    }
    firstPart = false;
    json.append("{\"type\":\"").append(type).append('"');
    return true;
  }

  private void closeMessage() {
    if (inMessage) {
      json.append(']');
      if (finishReason != null) {
        json.append(",\"finish_reason\":");
        string(finishReason);
      }
      json.append('}');
      inMessage = false;
      finishReason = null;
    }
  }

  private void content(CharSequence value) {
    CharSequence text = value == null ? "" : value;
    int length = Math.min(text.length(), Math.max(remaining, 0));
    remaining -= length;
    escape(text, length);
  }

  private void string(String value) {
    escape(value == null ? "" : value, value == null ? 0 : value.length());
  }

  private void escape(CharSequence text, int length) {
    json.append('"');
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i == length - 1) {
            // a cut between the two halves of a pair would leave half a character
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
