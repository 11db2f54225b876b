package ai.victor.otel.bench.app;

/** What a selection returns; the target reads the cache type, hit and tool count from it. */
public final class BenchSelection {
  private final String cacheType;
  private final boolean cacheHit;
  private final int toolCount;

  public BenchSelection(String cacheType, boolean cacheHit, int toolCount) {
    this.cacheType = cacheType;
    this.cacheHit = cacheHit;
    this.toolCount = toolCount;
  }

  public String cacheType() {
    return cacheType;
  }

  public boolean cacheHit() {
    return cacheHit;
  }

  public int toolCount() {
    return toolCount;
  }
}
