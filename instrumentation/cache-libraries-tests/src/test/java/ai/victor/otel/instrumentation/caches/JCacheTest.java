package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.Exported.activeNamespaces;
import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.jcache.JCacheCache;

/** JCache with Caffeine's provider (a real provider, wrapping a real Caffeine cache). */
class JCacheTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final CacheManager manager = Caching.getCachingProvider(
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider").getCacheManager();

  @AfterAll
  static void close() {
    manager.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static Cache<String, String> create(String name) {
    return manager.createCache(name, new MutableConfiguration<String, String>());
  }

  @Test
  void countsEachOperationOnceUnderTheCacheName() {
    Cache<String, String> cache = create("jcache-ops");

    assertThat(cache.get("a")).isNull(); // miss
    cache.put("a", "1"); // put
    assertThat(cache.get("a")).isEqualTo("1"); // hit
    cache.putAll(Map.of("b", "2", "c", "3")); // 2 puts
    assertThat(cache.getAll(Set.of("a", "b", "x"))).hasSize(2); // 2 hits, 1 miss
    assertThat(cache.putIfAbsent("a", "other")).isFalse(); // not stored
    assertThat(cache.getAndPut("d", "4")).isNull(); // put
    assertThat(cache.remove("a")).isTrue(); // invalidation
    assertThat(cache.remove("a")).isFalse(); // nothing removed
    cache.removeAll(); // invalidation
    cache.clear(); // invalidation

    assertThat(operations(testing, "jcache-ops", "hit")).isEqualTo(3);
    assertThat(operations(testing, "jcache-ops", "miss")).isEqualTo(2);
    assertThat(operations(testing, "jcache-ops", "put")).isEqualTo(4);
    assertThat(operations(testing, "jcache-ops", "invalidation")).isEqualTo(3);
    // the Caffeine cache inside the provider counted nothing of its own
    assertThat(activeNamespaces(testing)).containsExactly("jcache-ops");
  }

  @Test
  void readThroughIsAMissAndALoad() {
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(UpperCase.class));
    Cache<String, String> cache = manager.createCache("jcache-read-through", configuration);

    assertThat(cache.get("k")).isEqualTo("K");
    assertThat(cache.get("k")).isEqualTo("K");

    assertThat(operations(testing, "jcache-read-through", "miss")).isEqualTo(1);
    assertThat(operations(testing, "jcache-read-through", "load")).isEqualTo(1);
    assertThat(operations(testing, "jcache-read-through", "hit")).isEqualTo(1);
  }

  /** Spring over JCache over Caffeine: three instrumented layers, one count, Spring's name. */
  @Test
  void springOverJCacheCountsOnce() {
    JCacheCache spring = new JCacheCache(manager.createCache("jcache-under-spring",
        new MutableConfiguration<Object, Object>()));

    spring.get("k");
    spring.put("k", "v");
    spring.get("k");
    spring.evict("k");

    assertThat(operations(testing, "jcache-under-spring", "miss")).isEqualTo(1);
    assertThat(operations(testing, "jcache-under-spring", "hit")).isEqualTo(1);
    assertThat(operations(testing, "jcache-under-spring", "put")).isEqualTo(1);
    assertThat(operations(testing, "jcache-under-spring", "invalidation")).isEqualTo(1);
    assertThat(activeNamespaces(testing)).containsExactly("jcache-under-spring");
  }

  public static final class UpperCase implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return key.toUpperCase();
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }
}
