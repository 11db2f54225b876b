package ai.victor.otel.bench.app;

import java.util.Map;

/**
 * An LLM client with everything issue 14 reads on a call: a streamed answer of {@link #CHUNKS}
 * chunks through {@link #delta}, cached and reasoning tokens, the OpenAI rate-limit headers, a
 * retry count, a conversation and a tenant. Like {@link BenchProvider} it returns at once, so only
 * the instrumentation's cost is left to measure.
 */
public final class BenchStreamingProvider {
  /**
   * Chunks per answer (system property {@code victor.bench.chunks}, default 20: a short streamed
   * answer); 0 measures the call without its chunks.
   */
  public static final int CHUNKS = Integer.getInteger("victor.bench.chunks", 20);

  private final String name;
  private final String model;
  private final Answer answer;

  public BenchStreamingProvider(String name, String model) {
    this.name = name;
    this.model = model;
    this.answer = new Answer(model + "-2026-01-01", 1200, 350, 1024, 200, Map.of(
        "x-ratelimit-limit-requests", "10000", "x-ratelimit-remaining-requests", "9000",
        "x-ratelimit-limit-tokens", "2000000", "x-ratelimit-remaining-tokens", "1500000"));
  }

  public String name() {
    return name;
  }

  public String model() {
    return model;
  }

  public Answer stream(Request request) {
    for (int i = 0; i < CHUNKS; i++) {
      delta(i);
    }
    return answer;
  }

  /** One chunk of the answer arrived (the configured chunk method). */
  void delta(int index) {}

  /** A chat request: the conversation and tenant it belongs to. */
  public static final class Request {
    private final String conversation;
    private final String tenant;

    public Request(String conversation, String tenant) {
      this.conversation = conversation;
      this.tenant = tenant;
    }

    public String conversation() {
      return conversation;
    }

    public String tenant() {
      return tenant;
    }

    public boolean stream() {
      return true;
    }
  }

  /** The streamed answer's usage, as the provider reports it at the end of the stream. */
  public static final class Answer {
    private final String model;
    private final int inputTokens;
    private final int outputTokens;
    private final int cachedTokens;
    private final int reasoningTokens;
    private final Map<String, String> headers;

    Answer(String model, int inputTokens, int outputTokens, int cachedTokens, int reasoningTokens,
        Map<String, String> headers) {
      this.model = model;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.cachedTokens = cachedTokens;
      this.reasoningTokens = reasoningTokens;
      this.headers = headers;
    }

    public String model() {
      return model;
    }

    public int inputTokens() {
      return inputTokens;
    }

    public int outputTokens() {
      return outputTokens;
    }

    public int cachedTokens() {
      return cachedTokens;
    }

    public int reasoningTokens() {
      return reasoningTokens;
    }

    public Map<String, String> headers() {
      return headers;
    }

    public int retries() {
      return 0;
    }

    public String finishReason() {
      return "stop";
    }
  }
}
