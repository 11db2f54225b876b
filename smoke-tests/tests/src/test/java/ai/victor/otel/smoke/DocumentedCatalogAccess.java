package ai.victor.otel.smoke;

import java.util.Set;

/** The documented catalog for smoke tests in other packages ({@link DocumentedCatalog} is not public). */
public final class DocumentedCatalogAccess {
  private DocumentedCatalogAccess() {}

  /** Every Prometheus sample name docs/metrics.md promises. */
  public static Set<String> sampleNames() {
    return DocumentedCatalog.load().sampleNames();
  }
}
