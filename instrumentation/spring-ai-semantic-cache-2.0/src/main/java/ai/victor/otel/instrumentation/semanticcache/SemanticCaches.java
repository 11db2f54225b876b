package ai.victor.otel.instrumentation.semanticcache;

import ai.victor.otel.core.library.LibraryCache;
import ai.victor.otel.core.library.LibraryCaches;
import java.util.function.Function;

/**
 * The library cache of a Spring AI {@code SemanticCache}: namespace {@code semantic-cache}, store
 * = the vector store its {@code getStore()} returns (read once), so a semantic cache decorating
 * another over the same vector store counts one call, not two. A cache whose {@code getStore()}
 * fails or returns null is its own store. Links nothing of Spring AI.
 */
public final class SemanticCaches {
  static final String NAMESPACE = "semantic-cache";
  private static final Function<Object, LibraryCache> DESCRIBE =
      instance -> LibraryCaches.describe(instance, NAMESPACE, store(instance));

  private SemanticCaches() {}

  /** Enter of a call on {@code cache}: see {@link LibraryCaches#enter(Object, Function)}. */
  public static Object enter(Object cache) {
    return LibraryCaches.enter(cache, DESCRIBE);
  }

  /** Through the public interface's method, which any implementation class may call. */
  private static Object store(Object cache) {
    try {
      return Class.forName(SemanticCacheInstrumentationModule.SEMANTIC_CACHE, false,
          cache.getClass().getClassLoader()).getMethod("getStore").invoke(cache);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException noStore) {
      return null;
    }
  }
}
