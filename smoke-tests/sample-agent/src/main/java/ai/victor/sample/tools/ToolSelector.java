package ai.victor.sample.tools;

import ai.victor.sample.cache.LruTtlCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Chooses which tools to offer the model for a prompt, behind three cache tiers.
 *
 * <p>Choosing is the expensive step in a real agent (an embedding lookup or a ranking model), so
 * it is cached three ways, consulted in order, the first hit winning:
 *
 * <ol>
 *   <li>{@code query}, keyed by the normalized prompt (60 min TTL): the same question again;
 *   <li>{@code context}, keyed by the conversation context (5 min TTL, as a conversation moves on):
 *       another question in the same conversation likely needs the same tools;
 *   <li>{@code rl}, keyed by a hash of prompt and context (60 min TTL): the choice a learned policy
 *       made for this exact situation, which outlives the query entry when that one is evicted.
 * </ol>
 *
 * <p>On a miss in all three the selection is computed (0.3–3 ms of CPU) from keywords in the
 * prompt, and stored in all three. Thread-safe.
 */
public final class ToolSelector {

  private static final int MAX_TOOLS = 3;

  /** Which words suggest which tool; tools not listed are only chosen by the fallbacks below. */
  private static final Map<String, List<String>> KEYWORDS =
      Map.of(
          "search", List.of("search", "find", "who", "what", "latest", "news", "docs"),
          "calculator", List.of("calculate", "sum", "plus", "times", "+", "*"),
          "weather", List.of("weather", "forecast", "rain", "temperature", "sunny"),
          "code_runner", List.of("run", "code", "python", "script", "execute", "java"));

  private final List<String> toolNames;
  private final LruTtlCache<String, List<String>> queryCache;
  private final LruTtlCache<String, List<String>> contextCache;
  private final LruTtlCache<Integer, List<String>> rlCache;

  /**
   * @param toolNames the tools to choose from, in order of preference
   * @param cacheSize the capacity of each of the three caches
   */
  public ToolSelector(List<String> toolNames, int cacheSize) {
    if (toolNames.isEmpty()) {
      throw new IllegalArgumentException("no tools");
    }
    this.toolNames = List.copyOf(toolNames);
    this.queryCache = new LruTtlCache<>("query", cacheSize, Duration.ofMinutes(60));
    this.contextCache = new LruTtlCache<>("context", cacheSize, Duration.ofMinutes(5));
    this.rlCache = new LruTtlCache<>("rl", cacheSize, Duration.ofMinutes(60));
  }

  /**
   * Returns the tools for the prompt.
   *
   * @param query the user's prompt
   * @param context the conversation context, or null or blank if there is none, in which case the
   *     context tier is skipped
   */
  public ToolSelection select(String query, String context) {
    String normalized = normalize(query);
    boolean hasContext = context != null && !context.isBlank();
    int rlKey = Objects.hash(normalized, hasContext ? context : "");

    List<String> tools = queryCache.get(normalized);
    if (tools != null) {
      return new ToolSelection(tools, "query", true);
    }
    if (hasContext && (tools = contextCache.get(context)) != null) {
      return new ToolSelection(tools, "context", true);
    }
    if ((tools = rlCache.get(rlKey)) != null) {
      return new ToolSelection(tools, "rl", true);
    }
    tools = compute(normalized);
    queryCache.put(normalized, tools);
    if (hasContext) {
      contextCache.put(context, tools);
    }
    rlCache.put(rlKey, tools);
    return new ToolSelection(tools, "none", false);
  }

  /** Chooses one to three tools from the prompt's words: the same prompt always gets the same. */
  private List<String> compute(String normalized) {
    simulateScoring(normalized);
    List<String> words = List.of(normalized.split("[^\\p{L}\\p{N}+*]+"));
    List<String> chosen = new ArrayList<>();
    for (String tool : toolNames) {
      List<String> keywords = KEYWORDS.getOrDefault(tool, List.of());
      if (chosen.size() < MAX_TOOLS
          && words.stream().anyMatch(w -> keywords.stream().anyMatch(w::contains))) {
        chosen.add(tool);
      }
    }
    int hash = normalized.hashCode();
    if (chosen.isEmpty()) {
      chosen.add(toolNames.get(Math.floorMod(hash, toolNames.size())));
    }
    // Now and then add a tool no keyword asks for, as a real ranker would.
    String extra = toolNames.get(Math.floorMod(hash >>> 8, toolNames.size()));
    if (chosen.size() < MAX_TOOLS && Math.floorMod(hash, 4) == 0 && !chosen.contains(extra)) {
      chosen.add(extra);
    }
    return List.copyOf(chosen);
  }

  /** Spins for 0.3–3 ms, depending on the prompt, for the CPU cost of ranking tools. */
  private static void simulateScoring(String normalized) {
    long nanos = TimeUnit.MICROSECONDS.toNanos(300 + Math.floorMod(normalized.hashCode(), 2700));
    long deadline = System.nanoTime() + nanos;
    while (System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }

  private static String normalize(String query) {
    return query.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }
}
