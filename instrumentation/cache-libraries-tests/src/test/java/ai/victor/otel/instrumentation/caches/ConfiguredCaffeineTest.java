package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.Exported.activeNamespaces;
import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A configured cache target on Caffeine's Cache (src/test/resources/configured-test.properties,
 * run alone by the "configured" execution): the configured namespace counts, once.
 */
class ConfiguredCaffeineTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void theConfiguredTargetWinsAndCountsOnce() {
    Cache<String, String> cache = Caffeine.newBuilder().maximumSize(10).build();

    cache.getIfPresent("k");
    cache.put("k", "v");
    cache.getIfPresent("k");

    assertThat(operations(testing, "explicit", "miss")).isEqualTo(1);
    assertThat(operations(testing, "explicit", "hit")).isEqualTo(1);
    assertThat(operations(testing, "explicit", "put")).isEqualTo(1);
    assertThat(activeNamespaces(testing)).containsExactly("explicit");
  }
}
