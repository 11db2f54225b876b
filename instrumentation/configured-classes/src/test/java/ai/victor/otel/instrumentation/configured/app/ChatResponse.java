package ai.victor.otel.instrumentation.configured.app;

/** Token counts are read from {@code result.usage().inputTokens()} and {@code outputTokens()}. */
public record ChatResponse(String model, String text, String finishReason, Usage usage) {
  public record Usage(int inputTokens, long outputTokens) {}
}
