package ai.victor.otel.instrumentation.configured.app;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A cache whose lookups return {@link Optional}; target {@code optional-cache} (default namespace). */
public class OptionalCache {
  private final Map<String, String> entries = new HashMap<>();

  public Optional<String> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  public void put(String key, String value) {
    entries.put(key, value);
  }
}
