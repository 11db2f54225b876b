package ai.victor.sample.tools;

import java.util.List;
import java.util.Set;

/**
 * The tools chosen for a prompt, and which cache tier (if any) supplied them.
 *
 * @param tools the names of the chosen tools, one to three
 * @param cacheType the tier that hit: {@code "query"}, {@code "context"} or {@code "rl"}, or
 *     {@code "none"} if the selection was computed
 * @param cacheHit whether a cache supplied the selection, i.e. {@code cacheType} is not {@code
 *     "none"}
 */
public record ToolSelection(List<String> tools, String cacheType, boolean cacheHit) {

  private static final Set<String> CACHE_TYPES = Set.of("query", "context", "rl", "none");

  public ToolSelection {
    tools = List.copyOf(tools);
    if (!CACHE_TYPES.contains(cacheType)) {
      throw new IllegalArgumentException("unknown cache type: " + cacheType);
    }
    if (cacheHit == cacheType.equals("none")) {
      throw new IllegalArgumentException("cacheHit " + cacheHit + " contradicts " + cacheType);
    }
  }

  /** Returns the number of tools chosen. */
  public int toolCount() {
    return tools.size();
  }
}
