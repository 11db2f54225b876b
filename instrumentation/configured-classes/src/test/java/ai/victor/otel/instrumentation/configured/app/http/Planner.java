package ai.victor.otel.instrumentation.configured.app.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's request handler (a configured agent target): asks the model, runs the tools it
 * calls, and asks again with their results, until it answers or gives up after five rounds.
 */
public class Planner {
  private final HttpChatClient client;
  private final LookupTool tool = new LookupTool();

  public Planner(HttpChatClient client) {
    this.client = client;
  }

  public String plan(String conversation, String question, String model) throws Exception {
    Request request = Request.of(model, conversation, false, question, List.of("lookup"));
    for (int round = 0; round < 5; round++) {
      Answer answer = client.complete(request);
      if (answer.toolCalls().isEmpty()) {
        return answer.text();
      }
      Map<String, Object> assistant = new LinkedHashMap<>();
      assistant.put("role", "assistant");
      assistant.put("content", null);
      assistant.put("tool_calls", answer.toolCalls().stream().map(call -> Map.of("id", call.id(),
          "type", "function", "function", Map.of("name", call.name(),
              "arguments", call.arguments()))).toList());
      request.messages().add(assistant);
      for (Answer.ToolCall call : answer.toolCalls()) {
        request.messages().add(Map.of("role", "tool", "tool_call_id", call.id(),
            "content", tool.run(call.name(), call.arguments())));
      }
    }
    return "gave up";
  }
}
