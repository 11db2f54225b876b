package ai.victor.otel.instrumentation.configured.app.http;

import java.util.List;
import java.util.Map;

/** An answer as the application keeps it: the usage and headers as the provider sent them. */
public record Answer(String text, List<ToolCall> toolCalls, String model, String finishReason,
    Map<String, Object> usage, Map<String, List<String>> headers, int retries) {

  public record ToolCall(String id, String name, String arguments) {}

  public Object promptTokens() {
    return usage.get("prompt_tokens");
  }

  public Object completionTokens() {
    return usage.get("completion_tokens");
  }

  /** Null when the provider did not say: not 0. */
  public Object cachedTokens() {
    Object details = usage.get("prompt_tokens_details");
    return details instanceof Map ? ((Map<?, ?>) details).get("cached_tokens") : null;
  }

  public Object reasoningTokens() {
    Object details = usage.get("completion_tokens_details");
    return details instanceof Map ? ((Map<?, ?>) details).get("reasoning_tokens") : null;
  }
}
