package ai.victor.sample.bootstrap;

import ai.victor.sample.faults.Pause;
import ai.victor.sample.tools.ToolSelector;
import java.util.List;

/**
 * Creates the tool selector and its caches, sized by {@code sample.cache.size}. Takes 30 ms, as
 * connecting to a cache would.
 */
public final class CacheComponent implements Component {

  private static final double WARM_UP_MS = 30;

  private final ConfigComponent config;
  private final ToolRegistryComponent toolRegistry;
  private ToolSelector selector;

  public CacheComponent(ConfigComponent config, ToolRegistryComponent toolRegistry) {
    this.config = config;
    this.toolRegistry = toolRegistry;
  }

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public void initialize() {
    Pause.millis(WARM_UP_MS);
    selector = new ToolSelector(List.copyOf(toolRegistry.tools().keySet()), config.cacheSize());
  }

  /** Returns the tool selector. */
  public ToolSelector selector() {
    return selector;
  }
}
