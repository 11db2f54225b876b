package ai.victor.fake.openai;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the fake answers the requests for one model (or, as the default, for every model without a
 * script of its own), on every API it speaks. Immutable; start from {@link #DEFAULT} and use the
 * {@code with...} methods. The answer's text and tool calls stay those of {@link Reply}; a script
 * adds what a test needs exact values of:
 *
 * <ul>
 *   <li><b>Token kinds</b>: cache-read, cache-write and reasoning tokens. They are added on top of the
 *       tokens {@link Reply} counts, so input tokens are always at least the cached ones and output
 *       tokens at least the reasoning ones. {@code null} means "not scripted": the API then reports
 *       that kind as the real one does when there is none (omitted, or 0 where the field is
 *       required); see {@link Usage} for what each API carries.
 *   <li><b>Rate limits</b>: the provider's rate-limit response headers, on answers and failures.
 *   <li><b>Pacing</b> of streamed answers: the first event carrying output (text or a tool call) goes
 *       out {@code firstChunkMillis} after the request arrived, together with the envelope events
 *       before it (so the first event and the first text arrive together, whichever a client
 *       times); every later output event {@code chunkIntervalMillis} after the previous one; the
 *       closing events right after the last. Both are lower bounds: a loaded machine stretches them,
 *       never shortens them. Non-streamed answers are not paced (use a {@code slow} model).
 *   <li><b>Agent loop</b>: {@code toolRounds} rounds of the same tool calls, with the same arguments,
 *       before the model answers (1, the default, is the ordinary call-then-answer).
 *   <li><b>{@code retry-after}</b> seconds sent with a 429 or 529.
 * </ul>
 *
 * <p>The same settings, by their {@link #SETTINGS} names, configure a fake in another process
 * through {@code /admin/script?model=M&name=value...} (see {@link #parse}).
 */
public record Script(
    Integer cacheReadTokens,
    Integer cacheWriteTokens,
    Integer reasoningTokens,
    RateLimits rateLimits,
    long firstChunkMillis,
    long chunkIntervalMillis,
    int toolRounds,
    int retryAfterSeconds) {

  /** No token kinds, no rate-limit headers, no pacing, one tool round, {@code retry-after: 0}. */
  public static final Script DEFAULT = new Script(null, null, null, null, 0, 0, 1, 0);

  /** The names {@link #parse} accepts. */
  public static final Set<String> SETTINGS = Set.of("cache_read_tokens", "cache_write_tokens",
      "reasoning_tokens", "first_chunk_ms", "chunk_interval_ms", "tool_rounds", "retry_after_s",
      "ratelimit_requests_limit", "ratelimit_requests_remaining", "ratelimit_tokens_limit",
      "ratelimit_tokens_remaining", "ratelimit_requests_reset_ms", "ratelimit_tokens_reset_ms");

  /**
   * What the provider says of its rate limits: the limits, what is left of them, and how long until
   * each is full again (sent as OpenAI's durations, {@code 6m0s}, or Anthropic's RFC 3339 times).
   */
  public record RateLimits(long requestsLimit, long requestsRemaining, long tokensLimit,
      long tokensRemaining, long requestsResetMillis, long tokensResetMillis) {
    public RateLimits {
      requireNonNegative("ratelimit_requests_limit", requestsLimit);
      requireNonNegative("ratelimit_requests_remaining", requestsRemaining);
      requireNonNegative("ratelimit_tokens_limit", tokensLimit);
      requireNonNegative("ratelimit_tokens_remaining", tokensRemaining);
      requireNonNegative("ratelimit_requests_reset_ms", requestsResetMillis);
      requireNonNegative("ratelimit_tokens_reset_ms", tokensResetMillis);
    }
  }

  public Script {
    requireNonNegative("cache_read_tokens", cacheReadTokens == null ? 0 : cacheReadTokens);
    requireNonNegative("cache_write_tokens", cacheWriteTokens == null ? 0 : cacheWriteTokens);
    requireNonNegative("reasoning_tokens", reasoningTokens == null ? 0 : reasoningTokens);
    requireNonNegative("first_chunk_ms", firstChunkMillis);
    requireNonNegative("chunk_interval_ms", chunkIntervalMillis);
    requireNonNegative("retry_after_s", retryAfterSeconds);
    if (toolRounds < 1) {
      throw new IllegalArgumentException("tool_rounds must be at least 1, was " + toolRounds);
    }
  }

  public Script withCacheReadTokens(int tokens) {
    return new Script(tokens, cacheWriteTokens, reasoningTokens, rateLimits, firstChunkMillis,
        chunkIntervalMillis, toolRounds, retryAfterSeconds);
  }

  public Script withCacheWriteTokens(int tokens) {
    return new Script(cacheReadTokens, tokens, reasoningTokens, rateLimits, firstChunkMillis,
        chunkIntervalMillis, toolRounds, retryAfterSeconds);
  }

  public Script withReasoningTokens(int tokens) {
    return new Script(cacheReadTokens, cacheWriteTokens, tokens, rateLimits, firstChunkMillis,
        chunkIntervalMillis, toolRounds, retryAfterSeconds);
  }

  public Script withRateLimits(RateLimits limits) {
    return new Script(cacheReadTokens, cacheWriteTokens, reasoningTokens, limits, firstChunkMillis,
        chunkIntervalMillis, toolRounds, retryAfterSeconds);
  }

  public Script withPacing(long firstChunkMillis, long chunkIntervalMillis) {
    return new Script(cacheReadTokens, cacheWriteTokens, reasoningTokens, rateLimits,
        firstChunkMillis, chunkIntervalMillis, toolRounds, retryAfterSeconds);
  }

  public Script withToolRounds(int rounds) {
    return new Script(cacheReadTokens, cacheWriteTokens, reasoningTokens, rateLimits,
        firstChunkMillis, chunkIntervalMillis, rounds, retryAfterSeconds);
  }

  public Script withRetryAfterSeconds(int seconds) {
    return new Script(cacheReadTokens, cacheWriteTokens, reasoningTokens, rateLimits,
        firstChunkMillis, chunkIntervalMillis, toolRounds, seconds);
  }

  /**
   * A script from {@link #SETTINGS} names and decimal values, starting from {@link #DEFAULT}. Strict:
   * an unknown name, a value that is not a non-negative integer, or a rate-limit setting without all
   * four counts is an {@link IllegalArgumentException} that names the setting. The resets default
   * to one second.
   */
  public static Script parse(Map<String, String> settings) {
    for (String name : settings.keySet()) {
      if (!SETTINGS.contains(name)) {
        throw new IllegalArgumentException("unknown script setting '" + name + "'; expected one of "
            + new TreeSet<>(SETTINGS));
      }
    }
    Script script = DEFAULT;
    if (settings.containsKey("cache_read_tokens")) {
      script = script.withCacheReadTokens((int) number(settings, "cache_read_tokens"));
    }
    if (settings.containsKey("cache_write_tokens")) {
      script = script.withCacheWriteTokens((int) number(settings, "cache_write_tokens"));
    }
    if (settings.containsKey("reasoning_tokens")) {
      script = script.withReasoningTokens((int) number(settings, "reasoning_tokens"));
    }
    script = script.withPacing(optional(settings, "first_chunk_ms", 0),
        optional(settings, "chunk_interval_ms", 0));
    script = script.withToolRounds((int) optional(settings, "tool_rounds", 1));
    script = script.withRetryAfterSeconds((int) optional(settings, "retry_after_s", 0));
    if (settings.keySet().stream().anyMatch(name -> name.startsWith("ratelimit_"))) {
      String[] counts = {"ratelimit_requests_limit", "ratelimit_requests_remaining",
          "ratelimit_tokens_limit", "ratelimit_tokens_remaining"};
      for (String count : counts) {
        if (!settings.containsKey(count)) {
          throw new IllegalArgumentException("rate limits need all of " + String.join(", ", counts)
              + "; '" + count + "' is missing");
        }
      }
      script = script.withRateLimits(new RateLimits(number(settings, counts[0]),
          number(settings, counts[1]), number(settings, counts[2]), number(settings, counts[3]),
          optional(settings, "ratelimit_requests_reset_ms", 1_000),
          optional(settings, "ratelimit_tokens_reset_ms", 1_000)));
    }
    return script;
  }

  /** This script by its {@link #SETTINGS} names, unscripted kinds left out. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (cacheReadTokens != null) {
      json.put("cache_read_tokens", cacheReadTokens);
    }
    if (cacheWriteTokens != null) {
      json.put("cache_write_tokens", cacheWriteTokens);
    }
    if (reasoningTokens != null) {
      json.put("reasoning_tokens", reasoningTokens);
    }
    json.put("first_chunk_ms", firstChunkMillis);
    json.put("chunk_interval_ms", chunkIntervalMillis);
    json.put("tool_rounds", toolRounds);
    json.put("retry_after_s", retryAfterSeconds);
    if (rateLimits != null) {
      json.put("ratelimit_requests_limit", rateLimits.requestsLimit());
      json.put("ratelimit_requests_remaining", rateLimits.requestsRemaining());
      json.put("ratelimit_tokens_limit", rateLimits.tokensLimit());
      json.put("ratelimit_tokens_remaining", rateLimits.tokensRemaining());
      json.put("ratelimit_requests_reset_ms", rateLimits.requestsResetMillis());
      json.put("ratelimit_tokens_reset_ms", rateLimits.tokensResetMillis());
    }
    return json;
  }

  private static long optional(Map<String, String> settings, String name, long otherwise) {
    return settings.containsKey(name) ? number(settings, name) : otherwise;
  }

  private static long number(Map<String, String> settings, String name) {
    String value = settings.get(name);
    if (value == null || !value.matches("[0-9]{1,12}")) {
      throw new IllegalArgumentException(
          "script setting '" + name + "' must be a non-negative integer, was '" + value + "'");
    }
    return Long.parseLong(value);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
