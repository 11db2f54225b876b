package ai.victor.otel.instrumentation.configured.app;

/** Target {@code components}: a static method, phase component, the name from {@code arg0}. */
public final class Components {
  private Components() {}

  public static void initialize(String component, long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
