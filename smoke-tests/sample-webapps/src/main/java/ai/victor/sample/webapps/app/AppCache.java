package ai.victor.sample.webapps.app;

import java.util.concurrent.ConcurrentHashMap;

/** A cache of the webapp's own, made a victor cache by configuration (namespace per instance). */
public final class AppCache {
  private final String namespace;
  private final ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();

  public AppCache(String namespace) {
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  public int size() {
    return entries.size();
  }

  public Object get(Object key) {
    return entries.get(key);
  }

  public void put(Object key, Object value) {
    entries.put(key, value);
  }
}
