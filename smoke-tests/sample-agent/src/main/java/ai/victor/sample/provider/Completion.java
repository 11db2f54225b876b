package ai.victor.sample.provider;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's answer to a {@link ChatRequest}.
 *
 * @param provider the name of the provider that answered, which after a failover is not the first
 *     one tried
 * @param model the model that answered
 * @param text the answer text
 * @param inputTokens the tokens billed for the prompt and tool definitions, cached ones included
 * @param outputTokens the tokens billed for the answer, reasoning included
 * @param toolCalls the names of the tools the model asks to run, in call order; a name may repeat
 * @param finishReason why generation stopped: {@code "tool_calls"} if there are tool calls, else
 *     {@code "stop"}
 * @param cacheReadTokens input tokens read from the provider's prompt cache, -1 if the API does
 *     not report them
 * @param cacheWriteTokens input tokens written to the prompt cache, -1 if not reported
 * @param reasoningTokens output tokens spent reasoning, -1 if not reported
 * @param retries attempts beyond the first that the client made for this answer
 * @param headers the rate-limit headers of the answer's response, as the API names them
 */
public record Completion(
    String provider,
    String model,
    String text,
    int inputTokens,
    int outputTokens,
    List<String> toolCalls,
    String finishReason,
    int cacheReadTokens,
    int cacheWriteTokens,
    int reasoningTokens,
    int retries,
    Map<String, String> headers) {
  public Completion {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    toolCalls = List.copyOf(toolCalls);
    headers = Map.copyOf(headers);
  }

  /** An answer of an API that reports plain input and output tokens only, without retries. */
  public Completion(String provider, String model, String text, int inputTokens, int outputTokens,
      List<String> toolCalls, String finishReason) {
    this(provider, model, text, inputTokens, outputTokens, toolCalls, finishReason, -1, -1, -1, 0,
        Map.of());
  }
}
