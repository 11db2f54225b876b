package ai.victor.sample.provider;

import java.util.List;
import java.util.Objects;

/**
 * A provider's answer to a {@link ChatRequest}.
 *
 * @param provider the name of the provider that answered, which after a failover is not the first
 *     one tried
 * @param model the model that answered
 * @param text the answer text
 * @param inputTokens the tokens billed for the prompt and tool definitions
 * @param outputTokens the tokens billed for the answer
 * @param toolCalls the names of the tools the model asks to run, a subset of the request's tools
 * @param finishReason why generation stopped: {@code "tool_calls"} if there are tool calls, else
 *     {@code "stop"}
 */
public record Completion(
    String provider,
    String model,
    String text,
    int inputTokens,
    int outputTokens,
    List<String> toolCalls,
    String finishReason) {

  public Completion {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    toolCalls = List.copyOf(toolCalls);
  }
}
