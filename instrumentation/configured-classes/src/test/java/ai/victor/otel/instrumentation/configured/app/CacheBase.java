package ai.victor.otel.instrumentation.configured.app;

import java.util.HashMap;
import java.util.Map;

/**
 * A cache superclass configured as target {@code base-cache}: subclasses are instrumented too.
 * The namespace is read from the field {@code name}.
 */
public class CacheBase {
  protected final String name;
  private final Map<String, String> entries = new HashMap<>();

  public CacheBase(String name) {
    this.name = name;
  }

  public String get(String key) {
    return entries.get(key);
  }

  public void put(String key, String value) {
    entries.put(key, value);
  }
}
