package ai.victor.otel.instrumentation.jcache;

import ai.victor.otel.core.library.LibraryCache;
import ai.victor.otel.core.library.LibraryCaches;
import java.util.function.Function;
import javax.cache.Cache;

/**
 * The library cache of a JCache: namespace = its name; store = the Caffeine cache inside it when
 * it is one of Caffeine's provider (found with {@code unwrap}), else the JCache itself.
 */
public final class JCaches {
  private static final Function<Object, LibraryCache> DESCRIBE =
      instance -> LibraryCaches.describe(instance, ((Cache<?, ?>) instance).getName(), instance);

  private JCaches() {}

  /** Enter of a call on {@code cache}: see {@link LibraryCaches#enter(Object, Function)}. */
  public static Object enter(Object cache) {
    return LibraryCaches.enter(cache, DESCRIBE);
  }
}
