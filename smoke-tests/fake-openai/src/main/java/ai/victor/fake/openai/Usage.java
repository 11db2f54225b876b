package ai.victor.fake.openai;

/**
 * The tokens one answer reported, per kind, in the sense of the GenAI semantic conventions rather
 * than of any one wire format: {@code inputTokens} counts every prompt token, cached and
 * cache-written ones included, and {@code outputTokens} every output token, reasoning included. A
 * kind is {@code null} when the answer did not carry it at all (as opposed to carrying 0).
 *
 * <p>How each API puts these on the wire:
 *
 * <ul>
 *   <li>OpenAI chat completions: {@code prompt_tokens} = input, {@code completion_tokens} = output;
 *       {@code prompt_tokens_details.cached_tokens}, {@code prompt_tokens_details.cache_write_tokens}
 *       and {@code completion_tokens_details.reasoning_tokens} only when scripted.
 *   <li>OpenAI Responses: {@code input_tokens}, {@code output_tokens}, {@code total_tokens}; {@code
 *       input_tokens_details.cached_tokens}, {@code input_tokens_details.cache_write_tokens} and
 *       {@code output_tokens_details.reasoning_tokens} always (the SDK requires them; 0 unless
 *       scripted).
 *   <li>Anthropic Messages: {@code input_tokens} = input − cache read − cache write (Anthropic counts
 *       them apart), {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} always
 *       (0 unless scripted), {@code output_tokens} = output, {@code
 *       output_tokens_details.thinking_tokens} only when scripted.
 *   <li>Gemini: {@code promptTokenCount} = input, {@code candidatesTokenCount} = output − reasoning
 *       (Gemini counts thoughts apart), {@code thoughtsTokenCount} and {@code
 *       cachedContentTokenCount} only when scripted, {@code totalTokenCount} = input + output; no
 *       cache-write field.
 * </ul>
 */
public record Usage(int inputTokens, int outputTokens, Integer cacheReadTokens,
    Integer cacheWriteTokens, Integer reasoningTokens) {

  public int totalTokens() {
    return inputTokens + outputTokens;
  }

  static int orZero(Integer tokens) {
    return tokens == null ? 0 : tokens;
  }
}
