package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.ExactMatchSemanticCache.answer;
import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The semantic-cache module's documented switch, {@code
 * otel.instrumentation.victor-spring-ai-semantic-cache.enabled=false}
 * (src/test/resources/configured-test.properties; it shares the "configured" execution's JVM):
 * no call is counted, and the cache answers as before.
 */
class SemanticCacheSwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void theSwitchTurnsTheModuleOff() {
    ExactMatchSemanticCache cache = new ExactMatchSemanticCache(null);

    assertThat(cache.get("weather in Paris?")).isEmpty();
    cache.set("weather in Paris?", answer("sunny"));
    assertThat(cache.get("weather in Paris?", "system-prompt-hash")).isPresent();
    cache.clear();
    assertThat(cache.get("weather in Paris?")).isEmpty();

    for (String operation : new String[] {"hit", "miss", "put", "invalidation"}) {
      assertThat(operations(testing, "semantic-cache", operation)).as(operation).isZero();
    }
  }
}
