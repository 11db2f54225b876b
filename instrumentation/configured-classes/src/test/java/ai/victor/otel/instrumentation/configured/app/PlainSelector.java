package ai.victor.otel.instrumentation.configured.app;

/**
 * Target {@code plain-selector}: configures no {@code hit} accessor, so a selection is a hit
 * when a cache type other than none served it.
 */
public class PlainSelector {
  private final Selection selection;

  public PlainSelector(Selection selection) {
    this.selection = selection;
  }

  public Selection select(String query) {
    return selection;
  }
}
