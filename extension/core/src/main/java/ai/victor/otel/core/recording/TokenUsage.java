package ai.victor.otel.core.recording;

/**
 * The tokens one provider answer reported, by kind, in the sense of the GenAI semantic conventions
 * rather than of any one wire format: {@code input} counts every prompt token, the ones read from
 * and written to the provider's prompt cache included, and {@code output} every output token,
 * reasoning included. A kind the answer did not carry is {@link #NOT_REPORTED}, which is not 0: a
 * model that does not report cache reads has no prompt-cache hit ratio, where one that reports 0
 * has a ratio of 0.
 *
 * <p>APIs that count cached input apart from the rest (Anthropic's {@code input_tokens} excludes
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}) use {@link
 * #ofUncachedInput}. Immutable; a path builds one per answer, or passes {@link #NONE}.
 */
public final class TokenUsage {
  /** A kind the answer did not carry. */
  public static final long NOT_REPORTED = -1;
  /** An answer that reported nothing (a failed call, a stream that carried no usage). */
  public static final TokenUsage NONE = new TokenUsage(NOT_REPORTED, NOT_REPORTED, NOT_REPORTED,
      NOT_REPORTED, NOT_REPORTED);

  private final long input;
  private final long output;
  private final long cacheRead;
  private final long cacheWrite;
  private final long reasoning;

  private TokenUsage(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
    this.input = input;
    this.output = output;
    this.cacheRead = cacheRead;
    this.cacheWrite = cacheWrite;
    this.reasoning = reasoning;
  }

  /** Input and output tokens; a negative count is {@link #NOT_REPORTED}. */
  public static TokenUsage of(long input, long output) {
    return of(input, output, NOT_REPORTED, NOT_REPORTED, NOT_REPORTED);
  }

  /**
   * Every kind; a negative count is {@link #NOT_REPORTED}. {@code input} includes {@code cacheRead}
   * and {@code cacheWrite}, {@code output} includes {@code reasoning}.
   */
  public static TokenUsage of(long input, long output, long cacheRead, long cacheWrite,
      long reasoning) {
    return new TokenUsage(norm(input), norm(output), norm(cacheRead), norm(cacheWrite),
        norm(reasoning));
  }

  /**
   * For APIs that report the prompt tokens that were neither read from nor written to the cache
   * apart from those that were: the input total is their sum (over the kinds reported).
   */
  public static TokenUsage ofUncachedInput(long uncachedInput, long output, long cacheRead,
      long cacheWrite, long reasoning) {
    long input = norm(uncachedInput);
    if (input >= 0) {
      input += Math.max(0, cacheRead) + Math.max(0, cacheWrite);
    }
    return of(input, output, cacheRead, cacheWrite, reasoning);
  }

  /** A count from a boxed value: null (and a negative value) is {@link #NOT_REPORTED}. */
  public static long count(Number tokens) {
    return tokens == null ? NOT_REPORTED : norm(tokens.longValue());
  }

  private static long norm(long tokens) {
    return tokens < 0 ? NOT_REPORTED : tokens;
  }

  public long input() {
    return input;
  }

  public long output() {
    return output;
  }

  public long cacheRead() {
    return cacheRead;
  }

  public long cacheWrite() {
    return cacheWrite;
  }

  public long reasoning() {
    return reasoning;
  }

  @Override
  public String toString() {
    return "TokenUsage{input=" + input + ", output=" + output + ", cacheRead=" + cacheRead
        + ", cacheWrite=" + cacheWrite + ", reasoning=" + reasoning + "}";
  }
}
