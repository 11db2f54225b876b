package ai.victor.otel.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What one JVM shares between every copy of core: the series budget, one cap per label family,
 * the cache-size registry and the cache operations' counts. Core is injected into each application class loader that loads
 * an instrumented class, with its own statics; this class is on the bootstrap class path (the
 * extension appends it at startup), so all copies and the extension's own class loader see the
 * same instance through {@link #jvm()}. It holds JDK and bootstrap types only, so it keeps no
 * application class loader alive.
 */
public final class JvmState {
  private static final JvmState JVM = new JvmState();

  private final SeriesBudget budget = new SeriesBudget(SeriesBudget.TOTAL - SeriesBudget.FIXED);
  private final ConcurrentHashMap<String, BoundedValues> labels = new ConcurrentHashMap<>();
  private final CacheSizes cacheSizes = new CacheSizes();
  private final CacheCounts cacheCounts = new CacheCounts();

  private JvmState() {}

  /** The JVM's state. */
  public static JvmState jvm() {
    return JVM;
  }

  /** A separate state, for tests that must not share the JVM's. */
  public static JvmState isolated() {
    return new JvmState();
  }

  /**
   * The cap of one label family ({@code "tool"}, {@code "provider-model"}...), made on first use
   * with the given limit and series per value; later callers get the same one whatever they
   * pass (every copy of core computes them from the same settings).
   */
  public BoundedValues label(String family, int limit, int seriesPerValue) {
    BoundedValues values = labels.get(family);
    return values != null ? values : labels.computeIfAbsent(family,
        f -> new BoundedValues(limit, seriesPerValue, budget));
  }

  public SeriesBudget budget() {
    return budget;
  }

  public CacheSizes cacheSizes() {
    return cacheSizes;
  }

  public CacheCounts cacheCounts() {
    return cacheCounts;
  }
}
