package ai.victor.otel.bench.app;

import java.util.HashMap;
import java.util.Map;

/** {@link BenchCache} under another name that no target configures: the same code, not instrumented. */
public final class PlainCache {
  private final String namespace;
  private final Map<Object, Object> entries = new HashMap<>();

  public PlainCache(String namespace) {
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
