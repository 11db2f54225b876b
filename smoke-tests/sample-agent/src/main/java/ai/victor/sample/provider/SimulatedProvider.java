package ai.victor.sample.provider;

import ai.victor.sample.faults.FaultKnobs;
import ai.victor.sample.faults.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * An {@link LlmProvider} that fabricates answers after a realistic delay and fails at configurable
 * rates, standing in for a remote model API.
 *
 * <p>Its behaviour is read from {@link FaultKnobs} on every call, under {@code
 * sample.provider.<name>.}:
 *
 * <ul>
 *   <li>{@code latency-ms} (default 8): the base latency of an answer, to which an exponentially
 *       distributed jitter (mean 6 ms, capped at 30 ms) is added, as response times have a long
 *       tail;
 *   <li>{@code error-rate} (default 0.02): the probability of a 500, 502 or 503 after the latency;
 *   <li>{@code rate-limit-rate} (default 0.02): the probability of an immediate 429;
 *   <li>{@code timeout-rate} (default 0.005): the probability of no answer, reported as a {@link
 *       ProviderTimeoutException} after {@code timeout-ms} (default 200);
 *   <li>{@code retry-rate} (default 0.03): the probability that the first attempt failed
 *       transiently and the answer came from a retry;
 *   <li>{@code tool-repeat-rate} (default 0.08): the probability that an answer with tool calls
 *       calls its last tool once more with the same arguments;
 *   <li>{@code tool-loop-rate} (default 0): the probability that an answer with tool calls
 *       repeats its last tool call three more times, a model stuck in a loop (which the sample's
 *       agent stops).
 * </ul>
 *
 * <p>Its answers report what the real API of the provider's name reports: {@code openai} cached
 * input tokens, reasoning tokens and {@code x-ratelimit-*} headers; {@code anthropic} cache reads,
 * cache writes and {@code anthropic-ratelimit-*} headers; any other (a local model) plain input
 * and output tokens only. Each prompt carries a 1,200-token system prompt and tool definitions,
 * whose first 1,024 tokens the provider's prompt cache serves 4 times in 5. A streamed request
 * delivers the answer word by word through {@link LlmProvider#chunk}. The rate-limit headers
 * report 40-100 % of the account's limits left: a stand-in for the provider's window.
 *
 * <p>A blank prompt is rejected with a 400, as real APIs do. Thread-safe.
 */
public final class SimulatedProvider implements LlmProvider {

  private static final double JITTER_MEAN_MS = 6;
  private static final double JITTER_MAX_MS = 30;
  private static final double RATE_LIMIT_LATENCY_MS = 1;
  /** The probability that the model calls each offered tool: models do not always use them all. */
  private static final double TOOL_CALL_PROBABILITY = 0.85;
  private static final int[] SERVER_ERROR_STATUSES = {500, 502, 503};
  private static final int SYSTEM_PROMPT_TOKENS = 1200;
  private static final int CACHED_PREFIX_TOKENS = 1024;
  private static final double CACHE_HIT_PROBABILITY = 0.8;
  private static final int LOOP_REPEATS = 3;
  private static final double RETRY_PAUSE_MS = 1;
  private static final double CHUNK_GAP_MS = 0.3;
  private static final long REQUEST_LIMIT = 10_000;
  private static final long TOKEN_LIMIT = 2_000_000;

  private final String name;
  private final String model;
  private final FaultKnobs knobs;
  private final Random random;
  private final String latencyKnob;
  private final String errorRateKnob;
  private final String rateLimitRateKnob;
  private final String timeoutRateKnob;
  private final String timeoutKnob;
  private final String toolLoopRateKnob;
  private final String toolRepeatRateKnob;
  private final String retryRateKnob;

  /**
   * Creates a provider and declares its knobs.
   *
   * @param random the source of latencies, failures and token counts; seed it for reproducible runs
   */
  public SimulatedProvider(String name, String model, FaultKnobs knobs, Random random) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    this.knobs = knobs;
    this.random = random;
    String prefix = FaultKnobs.PROVIDER_PREFIX + name + ".";
    latencyKnob = prefix + "latency-ms";
    errorRateKnob = prefix + "error-rate";
    rateLimitRateKnob = prefix + "rate-limit-rate";
    timeoutRateKnob = prefix + "timeout-rate";
    timeoutKnob = prefix + "timeout-ms";
    toolLoopRateKnob = prefix + "tool-loop-rate";
    toolRepeatRateKnob = prefix + "tool-repeat-rate";
    retryRateKnob = prefix + "retry-rate";
    knobs.declare(latencyKnob, 8);
    knobs.declare(errorRateKnob, 0.02);
    knobs.declare(rateLimitRateKnob, 0.02);
    knobs.declare(timeoutRateKnob, 0.005);
    knobs.declare(timeoutKnob, 200);
    knobs.declare(toolLoopRateKnob, 0);
    knobs.declare(toolRepeatRateKnob, 0.08);
    knobs.declare(retryRateKnob, 0.03);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public String host() {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "openai":
        return "api.openai.com";
      case "anthropic":
        return "api.anthropic.com";
      default:
        return "localhost";
    }
  }

  @Override
  public int port() {
    return host().equals("localhost") ? 11434 : 443;
  }

  @Override
  public Completion complete(ChatRequest request) throws ProviderException {
    if (request.prompt().isBlank()) {
      throw new ProviderClientException(name, 400, "empty prompt");
    }
    // One roll decides the outcome, so the rates are exclusive and add up as configured.
    double roll = random.nextDouble();
    double timeoutRate = knobs.value(timeoutRateKnob);
    if (roll < timeoutRate) {
      Duration timeout = Duration.ofMillis((long) knobs.value(timeoutKnob));
      Pause.millis(timeout.toMillis());
      throw new ProviderTimeoutException(name, timeout);
    }
    roll -= timeoutRate;
    double rateLimitRate = knobs.value(rateLimitRateKnob);
    if (roll < rateLimitRate) {
      Pause.millis(RATE_LIMIT_LATENCY_MS);
      throw new RateLimitedException(name);
    }
    roll -= rateLimitRate;
    double jitter = Math.min(JITTER_MAX_MS, -JITTER_MEAN_MS * Math.log(1 - random.nextDouble()));
    Pause.millis(knobs.value(latencyKnob) + jitter);
    if (roll < knobs.value(errorRateKnob)) {
      int status = SERVER_ERROR_STATUSES[random.nextInt(SERVER_ERROR_STATUSES.length)];
      throw new ProviderServerException(name, status);
    }
    Completion completion = answer(request);
    if (completion.retries() > 0) {
      Pause.millis(RETRY_PAUSE_MS);
    }
    if (request.stream()) {
      String[] words = completion.text().split(" ");
      for (int i = 0; i < words.length; i++) {
        if (i > 0) {
          Pause.millis(CHUNK_GAP_MS);
        }
        chunk(i == 0 ? words[i] : " " + words[i]);
      }
    }
    return completion;
  }

  private Completion answer(ChatRequest request) {
    List<String> toolCalls = new ArrayList<>();
    for (String tool : request.tools()) {
      if (random.nextDouble() < TOOL_CALL_PROBABILITY) {
        toolCalls.add(tool);
      }
    }
    int words = request.prompt().trim().split("\\s+").length;
    int inputTokens = SYSTEM_PROMPT_TOKENS + Math.round(words * 1.3f) + request.tools().size();
    int outputTokens = 20 + random.nextInt(101);
    String text = model + " answers \"" + abbreviate(request.prompt()) + "\"";
    if (!toolCalls.isEmpty()) {
      text += " using " + String.join(", ", toolCalls);
      double repeat = random.nextDouble();
      String last = toolCalls.get(toolCalls.size() - 1);
      double loopRate = knobs.value(toolLoopRateKnob);
      for (int i = repeat < loopRate ? LOOP_REPEATS : repeat < loopRate + knobs.value(toolRepeatRateKnob) ? 1
          : 0;
          i > 0; i--) {
        toolCalls.add(last);
      }
    }
    boolean cacheHit = random.nextDouble() < CACHE_HIT_PROBABILITY;
    int reasoning = random.nextInt(outputTokens / 2 + 1);
    int retries = random.nextDouble() < knobs.value(retryRateKnob) ? 1 : 0;
    double requestsLeft = 0.4 + 0.6 * random.nextDouble();
    double tokensLeft = 0.4 + 0.6 * random.nextDouble();
    String finish = toolCalls.isEmpty() ? "stop" : "tool_calls";
    switch (name.toLowerCase(Locale.ROOT)) {
      case "openai":
        return new Completion(name, model, text, inputTokens, outputTokens, toolCalls, finish,
            cacheHit ? CACHED_PREFIX_TOKENS : 0, -1, reasoning, retries, Map.of(
                "x-ratelimit-limit-requests", Long.toString(REQUEST_LIMIT),
                "x-ratelimit-remaining-requests", Long.toString((long) (REQUEST_LIMIT * requestsLeft)),
                "x-ratelimit-limit-tokens", Long.toString(TOKEN_LIMIT),
                "x-ratelimit-remaining-tokens", Long.toString((long) (TOKEN_LIMIT * tokensLeft))));
      case "anthropic":
        return new Completion(name, model, text, inputTokens, outputTokens, toolCalls, finish,
            cacheHit ? CACHED_PREFIX_TOKENS : 0, cacheHit ? 0 : CACHED_PREFIX_TOKENS, -1, retries,
            Map.of(
                "anthropic-ratelimit-requests-limit", Long.toString(REQUEST_LIMIT),
                "anthropic-ratelimit-requests-remaining",
                Long.toString((long) (REQUEST_LIMIT * requestsLeft)),
                "anthropic-ratelimit-tokens-limit", Long.toString(TOKEN_LIMIT),
                "anthropic-ratelimit-tokens-remaining",
                Long.toString((long) (TOKEN_LIMIT * tokensLeft))));
      default:
        return new Completion(name, model, text, inputTokens, outputTokens, toolCalls, finish, -1,
            -1, -1, retries, Map.of());
    }
  }

  private static String abbreviate(String prompt) {
    String trimmed = prompt.strip();
    return trimmed.length() <= 60 ? trimmed : trimmed.substring(0, 57) + "...";
  }
}
