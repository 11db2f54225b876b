package ai.victor.otel.bench.app;

import java.util.HashMap;
import java.util.Map;

/** An in-memory cache: the role whose per-call budget is a few nanoseconds. */
public final class BenchCache {
  private final String namespace;
  private final Map<Object, Object> entries = new HashMap<>();

  public BenchCache(String namespace) {
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  /** The value, or null: a miss. */
  public Object get(Object key) {
    return entries.get(key);
  }

  public void put(Object key, Object value) {
    entries.put(key, value);
  }
}
