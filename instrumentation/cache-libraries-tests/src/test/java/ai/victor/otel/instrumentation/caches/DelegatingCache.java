package ai.victor.otel.instrumentation.caches;

import java.util.concurrent.Callable;
import org.springframework.cache.Cache;

/**
 * A decorator the way Spring's own (transaction-aware, logging) ones are written: every call goes
 * to the target, and the native cache is the target's.
 */
class DelegatingCache implements Cache {
  private final Cache target;

  DelegatingCache(Cache target) {
    this.target = target;
  }

  @Override
  public String getName() {
    return target.getName();
  }

  @Override
  public Object getNativeCache() {
    return target.getNativeCache();
  }

  @Override
  public ValueWrapper get(Object key) {
    return target.get(key);
  }

  @Override
  public <T> T get(Object key, Class<T> type) {
    return target.get(key, type);
  }

  @Override
  public <T> T get(Object key, Callable<T> valueLoader) {
    return target.get(key, valueLoader);
  }

  @Override
  public void put(Object key, Object value) {
    target.put(key, value);
  }

  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    return target.putIfAbsent(key, value);
  }

  @Override
  public void evict(Object key) {
    target.evict(key);
  }

  @Override
  public void clear() {
    target.clear();
  }
}
