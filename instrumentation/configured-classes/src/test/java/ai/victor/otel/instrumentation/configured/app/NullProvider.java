package ai.victor.otel.instrumentation.configured.app;

/** A provider that answers null, as a buggy or mocked client might. */
public class NullProvider implements ChatProvider {
  @Override
  public String name() {
    return "null-provider";
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    return null;
  }
}
