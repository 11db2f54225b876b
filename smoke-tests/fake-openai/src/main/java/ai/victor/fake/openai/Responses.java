package ai.victor.fake.openai;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}): {@code input} as a string or a list of items
 * (messages, {@code function_call}, {@code function_call_output}), function tools, and answers as
 * {@code message} or {@code function_call} output items; streamed as the typed events {@code
 * response.created} ... {@code response.completed}, each with its {@code sequence_number}. Stateless:
 * {@code previous_response_id} and stored conversations are not supported (a 400).
 */
final class Responses implements Dialect {

  @Override
  public Api api() {
    return Api.RESPONSES;
  }

  @Override
  public Request read(String path, String query, Headers headers, Map<String, Object> body) {
    Dialect.requireApiKey(headers, "Authorization");
    if (body.get("previous_response_id") != null || body.get("conversation") != null) {
      throw new IllegalArgumentException("the fake keeps no state: send the whole input");
    }
    Conversation.Builder conversation = new Conversation.Builder();
    conversation.text(Json.string(body.get("instructions")));
    Object input = body.get("input");
    if (input instanceof String) {
      conversation.user((String) input);
    } else if (input instanceof List) {
      boolean inRound = false;
      for (Object element : Json.array(input)) {
        Map<String, Object> item = Json.object(element);
        String type = item.containsKey("type") ? Json.string(item.get("type")) : "message";
        boolean call = type.equals("function_call");
        if (call && !inRound) {
          conversation.toolRound(); // consecutive calls are one round
        }
        inRound = call;
        switch (type) {
          case "message":
            String text = Reply.contentText(item.get("content"));
            if ("user".equals(item.get("role"))) {
              conversation.user(text);
            } else {
              conversation.text(text);
            }
            break;
          case "function_call_output":
            conversation.toolResult(Reply.contentText(item.get("output")));
            break;
          case "function_call":
            break;
          default:
            throw new IllegalArgumentException("input item type '" + type + "' is not supported");
        }
      }
    } else {
      throw new IllegalArgumentException("input must be a string or a list of items");
    }
    for (Object element : Json.array(body.get("tools"))) {
      Map<String, Object> tool = Json.object(element);
      if (!"function".equals(tool.get("type"))) {
        throw new IllegalArgumentException("tool type '" + tool.get("type") + "' is not supported");
      }
      conversation.tool(Json.string(tool.get("name")), Json.object(tool.get("parameters")));
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
    return new Usage(reply.promptTokens(), reply.completionTokens(),
        Usage.orZero(script.cacheReadTokens()), Usage.orZero(script.cacheWriteTokens()),
        Usage.orZero(script.reasoningTokens()));
  }

  @Override
  public String body(Answer answer) {
    return Json.write(response(answer, "completed", outputItems(answer, "completed"),
        usageJson(answer.usage())));
  }

  @Override
  public List<Event> events(Answer answer) {
    Reply reply = answer.reply();
    List<Event> events = new ArrayList<>();
    Map<String, Object> started = response(answer, "in_progress", List.of(), null);
    events.add(event(events, "response.created", Map.of("response", started), false));
    events.add(event(events, "response.in_progress", Map.of("response", started), false));
    List<Object> done = outputItems(answer, "completed");
    List<Object> begun = outputItems(answer, "in_progress");
    if (reply.toolCalls().isEmpty()) {
      String itemId = "msg_" + answer.sequence();
      events.add(event(events, "response.output_item.added", item(0, begun.get(0)), false));
      events.add(event(events, "response.content_part.added", part(itemId, outputText("")), false));
      for (String piece : ChatCompletions.words(reply.content())) {
        Map<String, Object> delta = location(itemId, 0);
        delta.put("content_index", 0);
        delta.put("delta", piece);
        delta.put("logprobs", List.of());
        events.add(event(events, "response.output_text.delta", delta, true));
      }
      Map<String, Object> textDone = location(itemId, 0);
      textDone.put("content_index", 0);
      textDone.put("text", reply.content());
      textDone.put("logprobs", List.of());
      events.add(event(events, "response.output_text.done", textDone, false));
      events.add(event(events, "response.content_part.done",
          part(itemId, outputText(reply.content())), false));
      events.add(event(events, "response.output_item.done", item(0, done.get(0)), false));
    } else {
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        Reply.ToolCall call = reply.toolCalls().get(i);
        String itemId = "fc_" + call.id();
        events.add(event(events, "response.output_item.added", item(i, begun.get(i)), false));
        Map<String, Object> delta = location(itemId, i);
        delta.put("delta", call.arguments());
        events.add(event(events, "response.function_call_arguments.delta", delta, true));
        Map<String, Object> argumentsDone = location(itemId, i);
        argumentsDone.put("name", call.name());
        argumentsDone.put("arguments", call.arguments());
        events.add(event(events, "response.function_call_arguments.done", argumentsDone, false));
        events.add(event(events, "response.output_item.done", item(i, done.get(i)), false));
      }
    }
    events.add(event(events, "response.completed", Map.of("response",
        response(answer, "completed", done, usageJson(answer.usage()))), false));
    return events;
  }

  @Override
  public String error(int status, String message, Script script) {
    return ChatCompletions.openAiError(status, message);
  }

  @Override
  public void headers(Script script, int status, Map<String, String> headers) {
    ChatCompletions.openAiHeaders(script, status, headers);
  }

  private static Map<String, Object> response(Answer answer, String status, List<Object> output,
      Map<String, Object> usage) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("id", "resp_" + answer.sequence());
    response.put("object", "response");
    response.put("created_at", System.currentTimeMillis() / 1000);
    response.put("status", status);
    response.put("error", null);
    response.put("incomplete_details", null);
    response.put("instructions", answer.request().get("instructions"));
    response.put("max_output_tokens", answer.request().get("max_output_tokens"));
    response.put("model", answer.model());
    response.put("output", output);
    response.put("parallel_tool_calls", true);
    response.put("previous_response_id", null);
    response.put("reasoning", Map.of());
    response.put("store", false);
    response.put("temperature", 1.0);
    response.put("text", Map.of("format", Map.of("type", "text")));
    response.put("tool_choice", "auto");
    response.put("tools", answer.request().getOrDefault("tools", List.of()));
    response.put("top_p", 1.0);
    response.put("truncation", "disabled");
    response.put("usage", usage);
    response.put("user", null);
    response.put("metadata", Map.of());
    return response;
  }

  private static List<Object> outputItems(Answer answer, String status) {
    Reply reply = answer.reply();
    boolean complete = status.equals("completed");
    List<Object> items = new ArrayList<>();
    if (reply.toolCalls().isEmpty()) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("id", "msg_" + answer.sequence());
      message.put("type", "message");
      message.put("status", status);
      message.put("role", "assistant");
      message.put("content", complete ? List.of(outputText(reply.content())) : List.of());
      items.add(message);
    }
    for (Reply.ToolCall call : reply.toolCalls()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", "fc_" + call.id());
      item.put("type", "function_call");
      item.put("status", status);
      item.put("call_id", call.id());
      item.put("name", call.name());
      item.put("arguments", complete ? call.arguments() : "");
      items.add(item);
    }
    return items;
  }

  private static Map<String, Object> outputText(String text) {
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("type", "output_text");
    part.put("text", text);
    part.put("annotations", List.of());
    return part;
  }

  private static Map<String, Object> item(int outputIndex, Object item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("output_index", outputIndex);
    json.put("item", item);
    return json;
  }

  private static Map<String, Object> part(String itemId, Map<String, Object> part) {
    Map<String, Object> json = location(itemId, 0);
    json.put("content_index", 0);
    json.put("part", part);
    return json;
  }

  private static Map<String, Object> location(String itemId, int outputIndex) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("item_id", itemId);
    json.put("output_index", outputIndex);
    return json;
  }

  /** An event whose {@code type} is its name and whose sequence number is its place. */
  private static Event event(List<Event> before, String type, Map<String, Object> fields,
      boolean output) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", type);
    data.put("sequence_number", before.size());
    data.putAll(fields);
    return new Event(type, Json.write(data), output);
  }

  private static Map<String, Object> usageJson(Usage usage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("input_tokens", usage.inputTokens());
    Map<String, Object> inputDetails = new LinkedHashMap<>();
    inputDetails.put("cached_tokens", usage.cacheReadTokens());
    inputDetails.put("cache_write_tokens", usage.cacheWriteTokens());
    json.put("input_tokens_details", inputDetails);
    json.put("output_tokens", usage.outputTokens());
    json.put("output_tokens_details", Map.of("reasoning_tokens", usage.reasoningTokens()));
    json.put("total_tokens", usage.totalTokens());
    return json;
  }
}
