package ai.victor.fake.openai;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat-completions API ({@code POST /v1/chat/completions}), as the OpenAI Java SDK,
 * LangChain4j and Spring AI call it. Asks for no API key: the framework tests and samples predate
 * the check, and OpenAI-compatible servers commonly skip it.
 */
final class ChatCompletions implements Dialect {

  @Override
  public Api api() {
    return Api.CHAT_COMPLETIONS;
  }

  @Override
  public Request read(String path, String query, Headers headers, Map<String, Object> body) {
    Conversation.Builder conversation = new Conversation.Builder();
    for (Object item : Json.array(body.get("messages"))) {
      Map<String, Object> message = Json.object(item);
      String text = Reply.contentText(message.get("content"));
      switch (Json.string(message.get("role"))) {
        case "user":
          conversation.user(text);
          break;
        case "tool":
          conversation.toolResult(text);
          break;
        case "assistant":
          conversation.text(text);
          if (!Json.array(message.get("tool_calls")).isEmpty()) {
            conversation.toolRound();
          }
          break;
        default:
          conversation.text(text);
      }
    }
    for (Object tool : Json.array(body.get("tools"))) {
      Map<String, Object> function = Json.object(Json.object(tool).get("function"));
      conversation.tool(Json.string(function.get("name")), Json.object(function.get("parameters")));
    }
    return new Request(Json.string(body.get("model")), Boolean.TRUE.equals(body.get("stream")),
        conversation.build());
  }

  @Override
  public String toolCallIdPrefix() {
    return "call_";
  }

  @Override
  public Usage usage(Reply reply, Script script) {
    return new Usage(reply.promptTokens(), reply.completionTokens(), script.cacheReadTokens(),
        script.cacheWriteTokens(), script.reasoningTokens());
  }

  @Override
  public String body(Answer answer) {
    Reply reply = answer.reply();
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", reply.content());
    message.put("refusal", null);
    if (!reply.toolCalls().isEmpty()) {
      message.put("tool_calls", toolCalls(reply, false));
    }
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", reply.finishReason());
    Map<String, Object> response = envelope(answer, "chat.completion");
    response.put("choices", List.of(choice));
    response.put("usage", usageJson(answer.usage()));
    return Json.write(response);
  }

  /**
   * As OpenAI streams: a role chunk, the content a word at a time (or one chunk per tool call), a
   * chunk carrying the finish reason, the usage chunk when the client asked for it, then {@code
   * [DONE]}.
   */
  @Override
  public List<Event> events(Answer answer) {
    Reply reply = answer.reply();
    List<Event> events = new ArrayList<>();
    events.add(chunk(answer, Map.of("role", "assistant", "content", ""), null, false));
    if (reply.toolCalls().isEmpty()) {
      for (String piece : words(reply.content())) {
        events.add(chunk(answer, Map.of("content", piece), null, true));
      }
    } else {
      for (Object call : toolCalls(reply, true)) {
        events.add(chunk(answer, Map.of("tool_calls", List.of(call)), null, true));
      }
    }
    events.add(chunk(answer, Map.of(), reply.finishReason(), false));
    Map<String, Object> options = Json.object(answer.request().get("stream_options"));
    if (Boolean.TRUE.equals(options.get("include_usage"))) {
      Map<String, Object> usageChunk = envelope(answer, "chat.completion.chunk");
      usageChunk.put("choices", List.of());
      usageChunk.put("usage", usageJson(answer.usage()));
      events.add(new Event(null, Json.write(usageChunk), false));
    }
    events.add(new Event(null, "[DONE]", false));
    return events;
  }

  @Override
  public String error(int status, String message, Script script) {
    return openAiError(status, message);
  }

  @Override
  public void headers(Script script, int status, Map<String, String> headers) {
    openAiHeaders(script, status, headers);
  }

  /** OpenAI's error body, shared by both its APIs. */
  static String openAiError(int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", status == 429 ? "rate_limit_error"
        : status >= 500 ? "server_error" : "invalid_request_error");
    error.put("param", null);
    error.put("code", status == 429 ? "rate_limit_exceeded" : null);
    return Json.write(Map.of("error", error));
  }

  /** OpenAI's {@code x-ratelimit-*} headers and {@code retry-after}, shared by both its APIs. */
  static void openAiHeaders(Script script, int status, Map<String, String> headers) {
    if (status == 429) {
      headers.put("retry-after", Integer.toString(script.retryAfterSeconds()));
    }
    Script.RateLimits limits = script.rateLimits();
    if (limits == null) {
      return;
    }
    headers.put("x-ratelimit-limit-requests", Long.toString(limits.requestsLimit()));
    headers.put("x-ratelimit-remaining-requests", Long.toString(limits.requestsRemaining()));
    headers.put("x-ratelimit-reset-requests", duration(limits.requestsResetMillis()));
    headers.put("x-ratelimit-limit-tokens", Long.toString(limits.tokensLimit()));
    headers.put("x-ratelimit-remaining-tokens", Long.toString(limits.tokensRemaining()));
    headers.put("x-ratelimit-reset-tokens", duration(limits.tokensResetMillis()));
  }

  /** A duration the way OpenAI writes its resets: {@code 20ms}, {@code 1.5s}, {@code 6m0s}. */
  static String duration(long millis) {
    if (millis < 1_000) {
      return millis + "ms";
    }
    long minutes = millis / 60_000;
    long rest = millis % 60_000;
    String seconds = rest % 1_000 == 0 ? Long.toString(rest / 1_000)
        : java.math.BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString();
    return (minutes > 0 ? minutes + "m" : "") + seconds + "s";
  }

  /** The pieces a text streams in: a word each, with the space that follows it. */
  static String[] words(String text) {
    return text.split("(?<= )");
  }

  private static Event chunk(Answer answer, Map<String, Object> delta, String finish,
      boolean output) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finish);
    Map<String, Object> chunk = envelope(answer, "chat.completion.chunk");
    chunk.put("choices", List.of(choice));
    return new Event(null, Json.write(chunk), output);
  }

  private static Map<String, Object> envelope(Answer answer, String object) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", "chatcmpl-" + answer.sequence());
    envelope.put("object", object);
    envelope.put("created", System.currentTimeMillis() / 1000);
    envelope.put("model", answer.model());
    envelope.put("system_fingerprint", "fp_fake");
    return envelope;
  }

  private static List<Object> toolCalls(Reply reply, boolean indexed) {
    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < reply.toolCalls().size(); i++) {
      Reply.ToolCall call = reply.toolCalls().get(i);
      Map<String, Object> json = new LinkedHashMap<>();
      if (indexed) {
        json.put("index", i);
      }
      json.put("id", call.id());
      json.put("type", "function");
      json.put("function", Map.of("name", call.name(), "arguments", call.arguments()));
      calls.add(json);
    }
    return calls;
  }

  private static Map<String, Object> usageJson(Usage usage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("prompt_tokens", usage.inputTokens());
    json.put("completion_tokens", usage.outputTokens());
    json.put("total_tokens", usage.totalTokens());
    Map<String, Object> promptDetails = new LinkedHashMap<>();
    if (usage.cacheReadTokens() != null) {
      promptDetails.put("cached_tokens", usage.cacheReadTokens());
    }
    if (usage.cacheWriteTokens() != null) {
      promptDetails.put("cache_write_tokens", usage.cacheWriteTokens());
    }
    if (!promptDetails.isEmpty()) {
      json.put("prompt_tokens_details", promptDetails);
    }
    if (usage.reasoningTokens() != null) {
      json.put("completion_tokens_details", Map.of("reasoning_tokens", usage.reasoningTokens()));
    }
    return json;
  }
}
