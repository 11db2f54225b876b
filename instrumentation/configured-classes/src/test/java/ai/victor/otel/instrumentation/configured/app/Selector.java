package ai.victor.otel.instrumentation.configured.app;

/** Target {@code selector}: cache type, hit and tool count read from the result. */
public class Selector {
  private final Selection selection;

  public Selector(Selection selection) {
    this.selection = selection;
  }

  public Selection select(String query) {
    return selection;
  }
}
