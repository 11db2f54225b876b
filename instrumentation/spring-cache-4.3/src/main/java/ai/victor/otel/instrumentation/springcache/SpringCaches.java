package ai.victor.otel.instrumentation.springcache;

import ai.victor.otel.core.library.LibraryCache;
import ai.victor.otel.core.library.LibraryCaches;
import java.util.function.Function;
import org.springframework.cache.Cache;

/** The library cache of a Spring cache: namespace = its name, store = its native cache's store. */
public final class SpringCaches {
  private static final Function<Object, LibraryCache> DESCRIBE = instance -> {
    Cache cache = (Cache) instance;
    return LibraryCaches.describe(instance, cache.getName(), cache.getNativeCache());
  };

  private SpringCaches() {}

  /** Enter of a call on {@code cache}: see {@link LibraryCaches#enter(Object, Function)}. */
  public static Object enter(Object cache) {
    return LibraryCaches.enter(cache, DESCRIBE);
  }
}
