package ai.victor.otel.instrumentation.configured.app;

import java.util.HashMap;
import java.util.Map;

/**
 * Target {@code presence-cache} names {@code contains} (a boolean) and {@code get} as lookups:
 * {@code contains} cannot tell a hit from a miss by its value, so it is refused with a warning and
 * {@code get} counted. Loaded only by PrimitiveLookupTest, which watches for the warning.
 */
public class PresenceCache {
  private final Map<Object, Object> entries = new HashMap<>();

  public String namespace() {
    return "presence";
  }

  public boolean contains(Object key) {
    return entries.containsKey(key);
  }

  public Object get(Object key) {
    return entries.get(key);
  }

  public void put(Object key, Object value) {
    entries.put(key, value);
  }
}
