package ai.victor.otel.instrumentation.configured.app;

/**
 * One class in two span roles: {@code complete} is a provider call (target dual-llm), {@code run}
 * a tool execution (target dual-tool). The shared advice tells them apart by method name.
 */
public class DualRoleAgent {
  public ChatResponse complete(ChatRequest request) {
    return new ChatResponse(request.model(), "ok", "stop", new ChatResponse.Usage(1, 2));
  }

  public String run(String input) {
    return "ran " + input;
  }
}
