package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static ai.victor.otel.instrumentation.caches.Exported.sampledLookups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caffeine caches nobody named: their namespace is the simple name of the class that built them,
 * here {@code CaffeineTest}.
 */
class CaffeineTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String NS = "CaffeineTest";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void runsTheExpectedCaffeineVersion() throws Exception {
    assertThat(Caffeine.class.getProtectionDomain().getCodeSource().getLocation().toURI().getPath())
        .endsWith(System.getProperty("expected.caffeine.jar"));
  }

  @Test
  void manualCacheCountsHitsMissesLoadsPutsAndInvalidations() {
    Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100).build();

    assertThat(cache.getIfPresent("a")).isNull();
    cache.put("a", "1");
    assertThat(cache.getIfPresent("a")).isEqualTo("1");
    assertThat(cache.get("b", k -> "2")).isEqualTo("2"); // miss + load
    assertThat(cache.get("b", k -> "never")).isEqualTo("2"); // hit
    cache.putAll(Map.of("c", "3", "d", "4"));
    Map<String, String> some = cache.getAllPresent(Arrays.asList("c", "d", "x"));
    assertThat(some).hasSize(2);
    cache.invalidate("a");
    cache.invalidateAll();

    assertThat(operations(testing, NS, "hit")).isEqualTo(4);
    assertThat(operations(testing, NS, "miss")).isEqualTo(3);
    assertThat(operations(testing, NS, "load")).isEqualTo(1);
    assertThat(operations(testing, NS, "put")).isEqualTo(3);
    assertThat(operations(testing, NS, "invalidation")).isEqualTo(2);
    // latency-sample-every=1: each of the five lookup calls is timed once
    assertThat(sampledLookups(testing, NS)).isEqualTo(5);
  }

  @Test
  void loadingCacheCountsALoadPerMissedKey() {
    LoadingCache<String, Integer> cache = Caffeine.newBuilder().build(String::length);

    assertThat(cache.get("abc")).isEqualTo(3);
    assertThat(cache.get("abc")).isEqualTo(3);
    assertThat(cache.getAll(Arrays.asList("abc", "de", "f"))).hasSize(3);

    assertThat(operations(testing, NS, "hit")).isEqualTo(2);
    assertThat(operations(testing, NS, "miss")).isEqualTo(3);
    assertThat(operations(testing, NS, "load")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void evictionsCountWithTheirCause() {
    AtomicLong now = new AtomicLong();
    Cache<Integer, Integer> sized = Caffeine.newBuilder().maximumSize(2)
        .executor(Runnable::run).build();
    for (int i = 0; i < 10; i++) {
      sized.put(i, i);
    }
    sized.cleanUp();
    Cache<Integer, Integer> expiring = Caffeine.newBuilder()
        .expireAfterWrite(1, TimeUnit.SECONDS).ticker(now::get).executor(Runnable::run).build();
    expiring.put(1, 1);
    expiring.put(2, 2);
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    expiring.cleanUp();

    assertThat(operations(testing, NS, "eviction", "size"))
        .isEqualTo(10 - sized.estimatedSize());
    assertThat(operations(testing, NS, "eviction", "expired")).isEqualTo(2);
  }

  @Test
  void entriesAndUtilizationAreReadAtCollection() {
    SizedStore store = new SizedStore();
    for (int i = 0; i < 4; i++) {
      store.cache.put(i, i);
    }
    String ns = "CaffeineTest.SizedStore";
    assertThat(Exported.gauge(testing, "victor.cache.entries", ns)).isEqualTo(4.0);
    assertThat(Exported.gauge(testing, "victor.cache.utilization", ns)).isEqualTo(0.4);

    store.cache.invalidateAll();
    assertThat(Exported.gauge(testing, "victor.cache.entries", ns)).isEqualTo(0.0);
    java.lang.ref.Reference.reachabilityFence(store);
  }

  /** Builds its cache itself, so the namespace is its own: CaffeineTest.SizedStore. */
  private static final class SizedStore {
    final Cache<Integer, Integer> cache = Caffeine.newBuilder().maximumSize(10).build();
  }

  @Test
  void applicationStatisticsAreUnchanged() {
    Cache<String, String> plain = Caffeine.newBuilder().build();
    Cache<String, String> recording = Caffeine.newBuilder().recordStats().build();
    for (Cache<String, String> cache : Arrays.asList(plain, recording)) {
      cache.put("k", "v");
      cache.getIfPresent("k");
      cache.getIfPresent("missing");
    }

    // without recordStats the application still sees no statistics; with it, its own
    assertThat(plain.stats().hitCount()).isZero();
    assertThat(recording.stats().hitCount()).isEqualTo(1);
    assertThat(recording.stats().missCount()).isEqualTo(1);
    assertThat(operations(testing, NS, "hit")).isEqualTo(2);
    assertThat(operations(testing, NS, "miss")).isEqualTo(2);
  }

  @Test
  void failingLoaderPropagatesUnchanged() {
    Cache<String, String> cache = Caffeine.newBuilder().build();
    IllegalStateException failure = new IllegalStateException("backend down");

    Throwable thrown = catchThrowable(() -> cache.get("k", k -> {
      throw failure;
    }));

    assertThat(thrown).isSameAs(failure);
    assertThat(operations(testing, NS, "miss")).isEqualTo(1);
    assertThat(operations(testing, NS, "load")).isEqualTo(1);
    assertThat(operations(testing, NS, "hit")).isZero();
  }
}
