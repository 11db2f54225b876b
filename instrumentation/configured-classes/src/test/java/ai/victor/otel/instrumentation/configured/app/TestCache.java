package ai.victor.otel.instrumentation.configured.app;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded cache like the application's own: {@code get}/{@code put}/{@code invalidate}, and
 * {@code evicted} called by {@code put} for the entry it drops. Each instance names its
 * namespace; size and capacity feed the gauges. Configured as target {@code test-cache}.
 */
public class TestCache {
  private final String namespace;
  private final int capacity;
  private final Map<String, Object> entries = new LinkedHashMap<>();
  private RuntimeException failure;

  public TestCache(String namespace, int capacity) {
    this.namespace = namespace;
    this.capacity = capacity;
  }

  public String namespace() {
    return namespace;
  }

  public int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Makes every following {@code get} throw this very exception. */
  public void failLookupsWith(RuntimeException failure) {
    this.failure = failure;
  }

  public Object get(String key) {
    if (failure != null) {
      throw failure;
    }
    return entries.get(key);
  }

  public void put(String key, Object value) {
    entries.put(key, value);
    if (entries.size() > capacity) {
      Iterator<String> eldest = entries.keySet().iterator();
      String key0 = eldest.next();
      eldest.remove();
      evicted(key0);
    }
  }

  /** Called for each entry dropped for capacity. */
  protected void evicted(String key) {
    // a hook for subclasses; the instrumentation counts the call
  }

  public boolean invalidate(String key) {
    return entries.remove(key) != null;
  }
}
