package ai.victor.otel.instrumentation.configured.app;

/** A provider that answers with a fixed usage. */
public class EchoProvider implements ChatProvider {
  private final String name;
  private final int inputTokens;
  private final long outputTokens;
  private ChatResponse lastResponse;

  public EchoProvider(String name, int inputTokens, long outputTokens) {
    this.name = name;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    lastResponse = new ChatResponse(request.model() + "-2025", "echo: " + request.prompt(), "stop",
        new ChatResponse.Usage(inputTokens, outputTokens));
    return lastResponse;
  }

  /** The response the last call returned, to check that the caller got this very object. */
  public ChatResponse lastResponse() {
    return lastResponse;
  }
}
