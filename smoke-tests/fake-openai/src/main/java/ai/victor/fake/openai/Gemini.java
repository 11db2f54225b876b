package ai.victor.fake.openai;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini API of Google GenAI ({@code POST /v1beta/models/{model}:generateContent}, and {@code
 * :streamGenerateContent?alt=sse}, the form the Google GenAI SDK asks for): {@code contents} of
 * {@code text}, {@code functionCall} and {@code functionResponse} parts, {@code functionDeclarations}
 * tools, {@code usageMetadata}, errors as {@code {"error":{"code","message","status"}}} with a
 * {@code RetryInfo} on 429. Gemini sends no rate-limit headers, nor does this. A request without an
 * API key ({@code x-goog-api-key} or {@code ?key=}) is refused with 403, as the real API does.
 */
final class Gemini implements Dialect {
  private static final Pattern PATH =
      Pattern.compile("/v1(?:beta|alpha)?/models/([^/:]+):(generateContent|streamGenerateContent)");

  static boolean matches(String path) {
    return PATH.matcher(path).matches();
  }

  @Override
  public Api api() {
    return Api.GEMINI;
  }

  @Override
  public Request read(String path, String query, Headers headers, Map<String, Object> body) {
    Matcher matcher = PATH.matcher(path);
    if (!matcher.matches()) {
      throw new Rejected(404, "unknown path " + path);
    }
    Map<String, String> parameters = FakeOpenAiServer.query(query);
    String key = headers.getFirst("x-goog-api-key");
    if ((key == null || key.isBlank()) && parameters.getOrDefault("key", "").isBlank()) {
      throw new Rejected(403, "Method doesn't allow unregistered callers (callers without"
          + " established identity). Please use API Key or other form of API consumer identity.");
    }
    boolean stream = matcher.group(2).equals("streamGenerateContent");
    if (stream && !"sse".equals(parameters.get("alt"))) {
      throw new IllegalArgumentException("the fake streams only server-sent events: ask with alt=sse");
    }
    Conversation.Builder conversation = new Conversation.Builder();
    for (Object part : Json.array(Json.object(body.get("systemInstruction")).get("parts"))) {
      conversation.text(Json.string(Json.object(part).get("text")));
    }
    for (Object element : Json.array(body.get("contents"))) {
      Map<String, Object> content = Json.object(element);
      StringBuilder text = new StringBuilder();
      boolean calls = false;
      for (Object element2 : Json.array(content.get("parts"))) {
        Map<String, Object> part = Json.object(element2);
        if (part.containsKey("text")) {
          text.append(Json.string(part.get("text")));
        } else if (part.containsKey("functionCall")) {
          calls = true;
        } else if (part.containsKey("functionResponse")) {
          conversation.toolResult(
              Json.write(Json.object(Json.object(part.get("functionResponse")).get("response"))));
        }
      }
      if (!"model".equals(content.get("role")) && text.length() > 0) {
        conversation.user(text.toString());
      } else {
        conversation.text(text.toString());
      }
      if (calls) {
        conversation.toolRound();
      }
    }
    for (Object tool : Json.array(body.get("tools"))) {
      for (Object element : Json.array(Json.object(tool).get("functionDeclarations"))) {
        Map<String, Object> function = Json.object(element);
        Object schema = function.containsKey("parametersJsonSchema")
            ? function.get("parametersJsonSchema") : function.get("parameters");
        conversation.tool(Json.string(function.get("name")), Json.object(schema));
      }
    }
    return new Request(matcher.group(1), stream, conversation.build());
  }

  @Override
  public String toolCallIdPrefix() {
    return "call_";
  }

  @Override
  public Usage usage(Reply reply, Script script) {
    return new Usage(reply.promptTokens(), reply.completionTokens(), script.cacheReadTokens(),
        null, script.reasoningTokens());
  }

  @Override
  public String body(Answer answer) {
    return Json.write(chunk(answer, parts(answer.reply()), true));
  }

  /** A chunk per word (or one with every function call); the last has the reason and the usage. */
  @Override
  public List<Event> events(Answer answer) {
    Reply reply = answer.reply();
    List<Event> events = new ArrayList<>();
    if (reply.toolCalls().isEmpty()) {
      String[] words = ChatCompletions.words(reply.content());
      for (int i = 0; i < words.length; i++) {
        Object part = Map.of("text", words[i]);
        events.add(new Event(null,
            Json.write(chunk(answer, List.of(part), i == words.length - 1)), true));
      }
    } else {
      events.add(new Event(null, Json.write(chunk(answer, parts(reply), true)), true));
    }
    return events;
  }

  @Override
  public String error(int status, String message, Script script) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", message);
    error.put("status", status(status));
    if (status == 429) {
      error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo",
          "retryDelay", script.retryAfterSeconds() + "s")));
    }
    return Json.write(Map.of("error", error));
  }

  @Override
  public void headers(Script script, int status, Map<String, String> headers) {
    // Gemini reports neither rate limits nor retry-after in headers.
  }

  private static String status(int status) {
    switch (status) {
      case 400: return "INVALID_ARGUMENT";
      case 401: return "UNAUTHENTICATED";
      case 403: return "PERMISSION_DENIED";
      case 404: return "NOT_FOUND";
      case 429: return "RESOURCE_EXHAUSTED";
      case 503: return "UNAVAILABLE";
      case 504: return "DEADLINE_EXCEEDED";
      default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
  }

  private static List<Object> parts(Reply reply) {
    List<Object> parts = new ArrayList<>();
    if (reply.toolCalls().isEmpty()) {
      parts.add(Map.of("text", reply.content()));
    }
    for (Reply.ToolCall call : reply.toolCalls()) {
      parts.add(Map.of("functionCall",
          Map.of("name", call.name(), "args", Json.parse(call.arguments()))));
    }
    return parts;
  }

  /**
   * A response or streamed chunk. As Gemini streams, every chunk carries {@code usageMetadata}, but
   * only the last one the candidates' count and the final total.
   */
  private static Map<String, Object> chunk(Answer answer, List<Object> parts, boolean last) {
    Map<String, Object> candidate = new LinkedHashMap<>();
    candidate.put("content", Map.of("role", "model", "parts", parts));
    if (last) {
      candidate.put("finishReason", "STOP");
    }
    candidate.put("index", 0);
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("candidates", List.of(candidate));
    chunk.put("usageMetadata", usageJson(answer.usage(), last));
    chunk.put("modelVersion", answer.model());
    chunk.put("responseId", "resp-" + answer.sequence());
    return chunk;
  }

  private static Map<String, Object> usageJson(Usage usage, boolean complete) {
    int thoughts = Usage.orZero(usage.reasoningTokens());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("promptTokenCount", usage.inputTokens());
    if (complete) {
      json.put("candidatesTokenCount", usage.outputTokens() - thoughts);
    }
    json.put("totalTokenCount", complete ? usage.totalTokens() : usage.inputTokens() + thoughts);
    if (usage.cacheReadTokens() != null) {
      json.put("cachedContentTokenCount", usage.cacheReadTokens());
    }
    if (usage.reasoningTokens() != null) {
      json.put("thoughtsTokenCount", usage.reasoningTokens());
    }
    json.put("promptTokensDetails",
        List.of(Map.of("modality", "TEXT", "tokenCount", usage.inputTokens())));
    return json;
  }
}
