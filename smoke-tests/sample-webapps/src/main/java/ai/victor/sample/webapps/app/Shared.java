package ai.victor.sample.webapps.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Builds the Caffeine cache that shares its namespace with a configured cache: a Caffeine cache
 * nobody names takes the simple name of the class that built it, "Shared".
 */
final class Shared {
  static final String NAMESPACE = "Shared";

  private Shared() {}

  static Cache<String, String> caffeine() {
    return Caffeine.newBuilder().maximumSize(100_000).build();
  }
}
