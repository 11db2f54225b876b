package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.Exported.activeNamespaces;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/**
 * A cache whose name cannot be read: the application's calls work, the failure is counted, and the
 * cache it decorates still counts as itself.
 */
class HostSafetyTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void aCacheThatFailsToDescribeItselfIsSkippedAndCounted() {
    DelegatingCache cache = new DelegatingCache(new ConcurrentMapCache("beneath")) {
      @Override
      public String getName() {
        throw new IllegalStateException("no name today");
      }
    };

    cache.put("k", "v");
    assertThat(cache.get("k").get()).isEqualTo("v");
    assertThat(cache.get("other")).isNull();

    assertThat(activeNamespaces(testing)).containsExactly("beneath");
    long failures = 0;
    for (MetricData data : testing.metrics()) {
      if (data.getName().equals("victor.otel.failures")) {
        for (LongPointData point : data.getLongSumData().getPoints()) {
          if ("cache".equals(point.getAttributes().get(AttributeKey.stringKey("role")))) {
            failures += point.getValue();
          }
        }
      }
    }
    assertThat(failures).isEqualTo(3);
  }
}
