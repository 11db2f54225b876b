package ai.victor.otel.instrumentation.configured.app;

/** Overrides {@code get} and calls {@code super.get}: both methods are instrumented. */
public class CountingCache extends CacheBase {
  private int lookups;

  public CountingCache(String name) {
    super(name);
  }

  @Override
  public String get(String key) {
    lookups++;
    return super.get(key);
  }

  public int lookups() {
    return lookups;
  }
}
