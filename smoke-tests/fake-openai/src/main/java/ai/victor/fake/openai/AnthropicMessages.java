package ai.victor.fake.openai;

import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}): text and {@code tool_use} content blocks,
 * tool results as {@code tool_result} blocks in user turns, the {@code anthropic-ratelimit-*}
 * headers, errors as {@code {"type":"error","error":{"type":...}}} (529 is {@code
 * overloaded_error}); streamed as {@code message_start}, {@code content_block_start}, {@code ping},
 * {@code content_block_delta} ({@code text_delta}, {@code input_json_delta}), {@code
 * content_block_stop}, {@code message_delta} (cumulative usage) and {@code message_stop}. Like the
 * real API it refuses a request without an API key (401), without {@code anthropic-version} or
 * without {@code max_tokens} (400).
 */
final class AnthropicMessages implements Dialect {

  @Override
  public Api api() {
    return Api.ANTHROPIC_MESSAGES;
  }

  @Override
  public Request read(String path, String query, Headers headers, Map<String, Object> body) {
    Dialect.requireApiKey(headers, "x-api-key", "Authorization");
    Dialect.requireHeader(headers, "anthropic-version", 400);
    if (!(body.get("max_tokens") instanceof Double)) {
      throw new IllegalArgumentException("max_tokens: Field required");
    }
    Conversation.Builder conversation = new Conversation.Builder();
    conversation.text(Reply.contentText(body.get("system")));
    for (Object element : Json.array(body.get("messages"))) {
      Map<String, Object> message = Json.object(element);
      Object content = message.get("content");
      boolean user = "user".equals(message.get("role"));
      if (content instanceof String) {
        if (user) {
          conversation.user((String) content);
        } else {
          conversation.text((String) content);
        }
        continue;
      }
      StringBuilder text = new StringBuilder();
      boolean calls = false;
      for (Object part : Json.array(content)) {
        Map<String, Object> block = Json.object(part);
        switch (Json.string(block.get("type"))) {
          case "text":
            text.append(Json.string(block.get("text")));
            break;
          case "tool_use":
            calls = true;
            break;
          case "tool_result":
            conversation.toolResult(Reply.contentText(block.get("content")));
            break;
          default:
            break;
        }
      }
      if (user && text.length() > 0) {
        conversation.user(text.toString());
      } else {
        conversation.text(text.toString());
      }
      if (calls) {
        conversation.toolRound();
      }
    }
    for (Object element : Json.array(body.get("tools"))) {
      Map<String, Object> tool = Json.object(element);
      conversation.tool(Json.string(tool.get("name")), Json.object(tool.get("input_schema")));
    }
    return new Request(Json.string(body.get("model")), Boolean.TRUE.equals(body.get("stream")),
        conversation.build());
  }

  @Override
  public String toolCallIdPrefix() {
    return "toolu_";
  }

  @Override
  public Usage usage(Reply reply, Script script) {
    return new Usage(reply.promptTokens(), reply.completionTokens(),
        Usage.orZero(script.cacheReadTokens()), Usage.orZero(script.cacheWriteTokens()),
        script.reasoningTokens());
  }

  @Override
  public String body(Answer answer) {
    Map<String, Object> message = message(answer, blocks(answer.reply()));
    message.put("stop_reason", stopReason(answer.reply()));
    message.put("usage", usageJson(answer.usage(), true));
    return Json.write(message);
  }

  @Override
  public List<Event> events(Answer answer) {
    Reply reply = answer.reply();
    List<Event> events = new ArrayList<>();
    Map<String, Object> start = message(answer, List.of());
    start.put("stop_reason", null);
    start.put("usage", usageJson(answer.usage(), false));
    events.add(event("message_start", Map.of("message", start), false));
    if (reply.toolCalls().isEmpty()) {
      events.add(event("content_block_start",
          Map.of("index", 0, "content_block", Map.of("type", "text", "text", "")), false));
      events.add(event("ping", Map.of(), false));
      for (String piece : ChatCompletions.words(reply.content())) {
        events.add(event("content_block_delta", Map.of("index", 0,
            "delta", Map.of("type", "text_delta", "text", piece)), true));
      }
      events.add(event("content_block_stop", Map.of("index", 0), false));
    } else {
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        Reply.ToolCall call = reply.toolCalls().get(i);
        Map<String, Object> block = toolUse(call);
        block.put("input", Map.of());
        events.add(event("content_block_start", Map.of("index", i, "content_block", block), false));
        events.add(event("content_block_delta", Map.of("index", i,
            "delta", Map.of("type", "input_json_delta", "partial_json", call.arguments())), true));
        events.add(event("content_block_stop", Map.of("index", i), false));
      }
    }
    Map<String, Object> delta = new LinkedHashMap<>();
    delta.put("stop_reason", stopReason(reply));
    delta.put("stop_sequence", null);
    events.add(event("message_delta", Map.of("delta", delta,
        "usage", usageJson(answer.usage(), true)), false));
    events.add(event("message_stop", Map.of(), false));
    return events;
  }

  @Override
  public String error(int status, String message, Script script) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "error");
    json.put("error", Map.of("type", errorType(status), "message", message));
    json.put("request_id", "req_fake");
    return Json.write(json);
  }

  @Override
  public void headers(Script script, int status, Map<String, String> headers) {
    if (status == 429 || status == 529) {
      headers.put("retry-after", Integer.toString(script.retryAfterSeconds()));
    }
    Script.RateLimits limits = script.rateLimits();
    if (limits == null) {
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    headers.put("anthropic-ratelimit-requests-limit", Long.toString(limits.requestsLimit()));
    headers.put("anthropic-ratelimit-requests-remaining",
        Long.toString(limits.requestsRemaining()));
    headers.put("anthropic-ratelimit-requests-reset",
        now.plusMillis(limits.requestsResetMillis()).toString());
    headers.put("anthropic-ratelimit-tokens-limit", Long.toString(limits.tokensLimit()));
    headers.put("anthropic-ratelimit-tokens-remaining", Long.toString(limits.tokensRemaining()));
    headers.put("anthropic-ratelimit-tokens-reset",
        now.plusMillis(limits.tokensResetMillis()).toString());
  }

  private static String errorType(int status) {
    switch (status) {
      case 400: return "invalid_request_error";
      case 401: return "authentication_error";
      case 403: return "permission_error";
      case 404: return "not_found_error";
      case 413: return "request_too_large";
      case 429: return "rate_limit_error";
      case 529: return "overloaded_error";
      default: return status >= 500 ? "api_error" : "invalid_request_error";
    }
  }

  private static Map<String, Object> message(Answer answer, List<Object> content) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", "msg_" + answer.sequence());
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", answer.model());
    message.put("content", content);
    message.put("stop_sequence", null);
    return message;
  }

  private static List<Object> blocks(Reply reply) {
    List<Object> blocks = new ArrayList<>();
    if (reply.toolCalls().isEmpty()) {
      blocks.add(Map.of("type", "text", "text", reply.content()));
    }
    for (Reply.ToolCall call : reply.toolCalls()) {
      Map<String, Object> block = toolUse(call);
      block.put("input", Json.parse(call.arguments()));
      blocks.add(block);
    }
    return blocks;
  }

  private static Map<String, Object> toolUse(Reply.ToolCall call) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "tool_use");
    block.put("id", call.id());
    block.put("name", call.name());
    return block;
  }

  private static String stopReason(Reply reply) {
    return reply.toolCalls().isEmpty() ? "end_turn" : "tool_use";
  }

  private static Event event(String type, Map<String, Object> fields, boolean output) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", type);
    data.putAll(fields);
    return new Event(type, Json.write(data), output);
  }

  /**
   * Anthropic's usage: {@code input_tokens} leaves out the cache's tokens, which come apart. A
   * stream's {@code message_start} has 1 output token, as the real one begins; {@code message_delta}
   * has the totals.
   */
  private static Map<String, Object> usageJson(Usage usage, boolean complete) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("input_tokens",
        usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
    json.put("cache_creation_input_tokens", usage.cacheWriteTokens());
    json.put("cache_read_input_tokens", usage.cacheReadTokens());
    json.put("output_tokens", complete ? usage.outputTokens() : 1);
    if (complete && usage.reasoningTokens() != null) {
      json.put("output_tokens_details", Map.of("thinking_tokens", usage.reasoningTokens()));
    }
    return json;
  }
}
