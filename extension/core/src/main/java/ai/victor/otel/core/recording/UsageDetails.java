package ai.victor.otel.core.recording;

import ai.victor.otel.core.config.Accessor;

/**
 * The prompt-cache and reasoning token counts of a provider-specific usage object, read by the
 * member names the provider SDKs and the frameworks' provider modules give them, since the
 * frameworks' common usage types carry only input and output:
 *
 * <ul>
 *   <li>cache reads: {@code promptTokensDetails().cachedTokens()} (OpenAI chat completions: the
 *       OpenAI SDK, Spring AI's OpenAI record), {@code inputTokensDetails().cachedTokens()} (OpenAI
 *       Responses, LangChain4j's {@code OpenAiTokenUsage}), {@code cacheReadInputTokens()}
 *       (Anthropic), {@code cachedContentTokenCount()} (Gemini);
 *   <li>cache writes: {@code cacheCreationInputTokens()} (Anthropic);
 *   <li>reasoning: {@code completionTokensDetails().reasoningTokens()} (OpenAI SDK), {@code
 *       completionTokenDetails().reasoningTokens()} (Spring AI 1.x's OpenAI record), {@code
 *       outputTokensDetails().reasoningTokens()} (Responses, LangChain4j), {@code
 *       thoughtsTokenCount()} (Gemini).
 * </ul>
 *
 * Where an API counts those tokens apart (Anthropic's input excludes cache reads and writes,
 * Gemini's candidates exclude thoughts), they are added to the input or output, so that the
 * result counts as the GenAI conventions do. {@code Optional} links are unwrapped; a member that
 * does not exist, or is empty, is not reported. Members are looked up once per class.
 */
public final class UsageDetails {
  private static final Accessor[] CACHE_READ = accessors(
      "result.promptTokensDetails().cachedTokens()", "result.inputTokensDetails().cachedTokens()",
      "result.cachedContentTokenCount()");
  private static final Accessor SEPARATE_CACHE_READ =
      Accessor.parse("result.cacheReadInputTokens()");
  private static final Accessor SEPARATE_CACHE_WRITE =
      Accessor.parse("result.cacheCreationInputTokens()");
  private static final Accessor[] REASONING = accessors(
      "result.completionTokensDetails().reasoningTokens()",
      "result.completionTokenDetails().reasoningTokens()",
      "result.outputTokensDetails().reasoningTokens()");
  private static final Accessor SEPARATE_REASONING = Accessor.parse("result.thoughtsTokenCount()");

  private UsageDetails() {}

  /**
   * The usage of an answer that reported {@code input} and {@code output} tokens (negative: not
   * reported) as the framework counts them, with the details {@code nativeUsage} carries (null:
   * none).
   */
  public static TokenUsage read(long input, long output, Object nativeUsage) {
    if (nativeUsage == null) {
      return TokenUsage.of(input, output);
    }
    long separateRead = count(SEPARATE_CACHE_READ, nativeUsage);
    long separateWrite = count(SEPARATE_CACHE_WRITE, nativeUsage);
    if (separateRead >= 0 || separateWrite >= 0) {
      return TokenUsage.ofUncachedInput(input, output, separateRead, separateWrite,
          first(REASONING, nativeUsage));
    }
    long thoughts = count(SEPARATE_REASONING, nativeUsage);
    if (thoughts >= 0) {
      return TokenUsage.of(input, output < 0 ? output : output + thoughts,
          first(CACHE_READ, nativeUsage), TokenUsage.NOT_REPORTED, thoughts);
    }
    return TokenUsage.of(input, output, first(CACHE_READ, nativeUsage), TokenUsage.NOT_REPORTED,
        first(REASONING, nativeUsage));
  }

  private static long first(Accessor[] candidates, Object usage) {
    for (Accessor candidate : candidates) {
      long count = count(candidate, usage);
      if (count >= 0) {
        return count;
      }
    }
    return TokenUsage.NOT_REPORTED;
  }

  private static long count(Accessor accessor, Object usage) {
    try {
      long count = Accessor.asCount(accessor.value(null, usage, null, null, null, null));
      return count < 0 ? TokenUsage.NOT_REPORTED : count;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return TokenUsage.NOT_REPORTED;
    }
  }

  private static Accessor[] accessors(String... expressions) {
    Accessor[] accessors = new Accessor[expressions.length];
    for (int i = 0; i < expressions.length; i++) {
      accessors[i] = Accessor.parse(expressions[i]);
    }
    return accessors;
  }
}
