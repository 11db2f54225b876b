package ai.victor.otel.instrumentation.configured.app;

/** Target {@code startup}: the startup method, phase startup. */
public final class App {
  private App() {}

  public static String start() {
    return "started";
  }
}
