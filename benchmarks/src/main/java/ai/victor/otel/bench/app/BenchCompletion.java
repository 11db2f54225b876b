package ai.victor.otel.bench.app;

/** An LLM answer with the usage and finish reason the target reads. */
public final class BenchCompletion {
  private final String model;
  private final int inputTokens;
  private final int outputTokens;
  private final String finishReason;

  public BenchCompletion(String model, int inputTokens, int outputTokens, String finishReason) {
    this.model = model;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.finishReason = finishReason;
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

  public String finishReason() {
    return finishReason;
  }
}
