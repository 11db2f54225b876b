package ai.victor.otel.instrumentation.configured.app;

import java.util.HashMap;
import java.util.Map;

/** A store whose get and put InheritingCache inherits; target inherited-cache does not name it. */
public class PlainStore {
  private final Map<String, String> entries = new HashMap<>();

  public String get(String key) {
    return entries.get(key);
  }

  public void put(String key, String value) {
    entries.put(key, value);
  }
}
