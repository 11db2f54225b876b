package ai.victor.otel.instrumentation.springcache;

import ai.victor.otel.core.library.LibraryCache;
import ai.victor.otel.core.library.LibraryCaches;
import java.util.function.Function;
import org.springframework.cache.Cache;

/** The library cache of a Spring cache: namespace = its name, store = its native cache's store. */
public final class SpringCaches {
  /**
   * Spring's Caffeine adapter, whose {@code get(key)} and {@code get(key, type)} are Caffeine
   * lookups that Caffeine's statistics record: exactly this class, a subclass may look up
   * otherwise.
   */
  private static final String CAFFEINE_CACHE = "org.springframework.cache.caffeine.CaffeineCache";
  private static final Function<Object, LibraryCache> DESCRIBE = instance -> {
    Cache cache = (Cache) instance;
    return LibraryCaches.describe(instance, cache.getName(), cache.getNativeCache(),
        CAFFEINE_CACHE.equals(instance.getClass().getName()));
  };

  private SpringCaches() {}

  /** Enter of a call on {@code cache}: see {@link LibraryCaches#enter}. */
  public static Object enter(Object cache) {
    return LibraryCaches.enter(cache, DESCRIBE, false);
  }

  /** Enter of a lookup ({@code get(key)}, {@code get(key, type)}) on {@code cache}. */
  public static Object enterLookup(Object cache) {
    return LibraryCaches.enter(cache, DESCRIBE, true);
  }
}
