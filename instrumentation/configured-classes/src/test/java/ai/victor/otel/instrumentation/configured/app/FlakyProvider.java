package ai.victor.otel.instrumentation.configured.app;

/** A provider whose calls throw the exception it is given. */
public class FlakyProvider implements ChatProvider {
  private Exception failure;

  @Override
  public String name() {
    return "flaky";
  }

  public FlakyProvider failingWith(Exception failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public ChatResponse complete(ChatRequest request) throws Exception {
    throw failure;
  }
}
