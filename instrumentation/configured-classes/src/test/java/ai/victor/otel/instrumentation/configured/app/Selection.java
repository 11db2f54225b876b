package ai.victor.otel.instrumentation.configured.app;

import java.util.List;

/** What a selector returns: which selection cache served it, whether it hit, and the tools. */
public final class Selection {
  private final String cacheType;
  private final boolean cacheHit;
  private final List<String> tools;

  public Selection(String cacheType, boolean cacheHit, List<String> tools) {
    this.cacheType = cacheType;
    this.cacheHit = cacheHit;
    this.tools = tools;
  }

  public String cacheType() {
    return cacheType;
  }

  public boolean cacheHit() {
    return cacheHit;
  }

  public List<String> tools() {
    return tools;
  }
}
