package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.Exported.activeNamespaces;
import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static ai.victor.otel.instrumentation.caches.Exported.sampledLookups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.core.SpringVersion;

/** Spring's cache abstraction over a ConcurrentMap and over Caffeine: namespace = cache name. */
class SpringCacheTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void runsTheExpectedSpringVersion() {
    assertThat(SpringVersion.getVersion()).isEqualTo(System.getProperty("expected.spring"));
  }

  @Test
  void concurrentMapCacheCountsEachOperation() {
    ConcurrentMapCache cache = new ConcurrentMapCache("spring-map");
    exercise(cache, "spring-map");
  }

  /**
   * The same calls on a Spring cache over Caffeine count exactly as over a map: once, under the
   * Spring name, although every one of them also runs an instrumented Caffeine method.
   */
  @Test
  void caffeineCacheCountsEachLogicalCallOnce() {
    Cache<Object, Object> nativeCache = Caffeine.newBuilder().maximumSize(100).build();
    exercise(new CaffeineCache("spring-caffeine", nativeCache), "spring-caffeine");

    // the Caffeine layer beneath counted nothing of its own
    assertThat(activeNamespaces(testing)).containsExactly("spring-caffeine");
  }

  /**
   * Spring's {@code CaffeineCache} leaves its lookups to the Caffeine statistics beneath (one
   * layer of bookkeeping, docs/performance.md, issue 17): while its {@code get(key)} runs, the
   * thread's stack of library calls holds no Spring-level call, only Caffeine's own timing frame
   * (the tests time every lookup). The old code pushed the Spring call and made the Caffeine
   * statistics search the stack for it on every hit and miss.
   */
  @Test
  void aCaffeineCacheLookupLeavesItsCountToCaffeinesStatistics() throws Exception {
    int[] outerCalls = {-1};
    LoadingCache<Object, Object> nativeCache = Caffeine.newBuilder().maximumSize(100)
        .build(key -> {
          outerCalls[0] = outerCallsOnThisThread();
          return "loaded-" + key;
        });
    CaffeineCache cache = new CaffeineCache("spring-lent", nativeCache);

    assertThat(cache.get("k").get()).isEqualTo("loaded-k"); // miss, load
    assertThat(cache.get("k").get()).isEqualTo("loaded-k"); // hit

    assertThat(outerCalls[0]).isZero();
    assertThat(operations(testing, "spring-lent", "miss")).isEqualTo(1);
    assertThat(operations(testing, "spring-lent", "load")).isEqualTo(1);
    assertThat(operations(testing, "spring-lent", "hit")).isEqualTo(1);
    assertThat(sampledLookups(testing, "spring-lent")).isEqualTo(2);
    assertThat(activeNamespaces(testing)).containsExactly("spring-lent");
  }

  /** Library calls on this thread's stack that are not a store's own frames (flag 4). */
  private static int outerCallsOnThisThread() throws ReflectiveOperationException {
    Class<?> type = Class.forName("ai.victor.otel.bootstrap.ThreadCalls");
    Object calls = type.getMethod("current").invoke(null);
    int size = type.getField("size").getInt(calls);
    int[] flags = (int[]) type.getField("flags").get(calls);
    int outer = 0;
    for (int i = 0; i < size; i++) {
      if ((flags[i] & 4) == 0) {
        outer++;
      }
    }
    return outer;
  }

  /**
   * 16 threads on one Spring {@code CaffeineCache} and its Caffeine cache at once: lookups left to
   * Caffeine's statistics, {@code put} and {@code putIfAbsent} counted by Spring (whose Caffeine
   * calls beneath, a put and a recorded lookup, must not count), direct Caffeine lookups. Every
   * operation is counted exactly once.
   */
  @Test
  void caffeineCacheCountsExactlyUnderConcurrentLoad() throws Exception {
    Cache<Object, Object> nativeCache = Caffeine.newBuilder().build();
    CaffeineCache cache = new CaffeineCache("spring-concurrent", nativeCache);
    cache.put("present", "v");
    int threads = 16;
    int rounds = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < rounds; i++) {
            cache.get("present"); // hit
            cache.get("absent-" + thread + "-" + i); // miss
            cache.putIfAbsent("present", "other"); // found: nothing (Caffeine saw a hit)
            nativeCache.getIfPresent("present"); // hit
            cache.put("put-" + thread + "-" + i, "v"); // put
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    long calls = (long) threads * rounds;
    assertThat(operations(testing, "spring-concurrent", "hit")).isEqualTo(2 * calls);
    assertThat(operations(testing, "spring-concurrent", "miss")).isEqualTo(calls);
    assertThat(operations(testing, "spring-concurrent", "put")).isEqualTo(calls + 1);
    assertThat(operations(testing, "spring-concurrent", "load")).isZero();
  }

  private static void exercise(org.springframework.cache.Cache cache, String ns) {
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get("a")).isNull(); // miss
    cache.put("a", "1"); // put
    assertThat(cache.get("a").get()).isEqualTo("1"); // hit
    assertThat(cache.get("a", String.class)).isEqualTo("1"); // hit
    assertThat(cache.get("b", () -> "2-" + loads.incrementAndGet())).isEqualTo("2-1"); // miss, load
    assertThat(cache.get("b", () -> "2-" + loads.incrementAndGet())).isEqualTo("2-1"); // hit
    assertThat(cache.putIfAbsent("c", "3")).isNull(); // put
    assertThat(cache.putIfAbsent("c", "other").get()).isEqualTo("3"); // found: no put
    cache.evict("a"); // invalidation
    cache.clear(); // invalidation

    assertThat(loads).hasValue(1);
    assertThat(operations(testing, ns, "miss")).isEqualTo(2);
    assertThat(operations(testing, ns, "hit")).isEqualTo(3);
    assertThat(operations(testing, ns, "load")).isEqualTo(1);
    assertThat(operations(testing, ns, "put")).isEqualTo(2);
    assertThat(operations(testing, ns, "invalidation")).isEqualTo(2);
    assertThat(sampledLookups(testing, ns)).isEqualTo(5);
  }

  @Test
  void aDecoratorAndItsTargetCountOnce() {
    ConcurrentMapCache target = new ConcurrentMapCache("decorated");
    DelegatingCache decorator = new DelegatingCache(target);

    decorator.get("k");
    decorator.put("k", "v");
    decorator.get("k");

    assertThat(operations(testing, "decorated", "miss")).isEqualTo(1);
    assertThat(operations(testing, "decorated", "hit")).isEqualTo(1);
    assertThat(operations(testing, "decorated", "put")).isEqualTo(1);
  }

  /**
   * Spring Data Redis's caches share one native object (the manager's cache writer): a call on
   * another cache of that object made inside a call on this one is not nested, and counts under
   * its own name. Two map caches sharing one map have the same shape.
   */
  @Test
  void cachesSharingOneNativeStoreCountTheirNestedCalls() {
    ConcurrentMap<Object, Object> shared = new ConcurrentHashMap<>();
    ConcurrentMapCache users = new ConcurrentMapCache("shared-users", shared, true);
    ConcurrentMapCache orgs = new ConcurrentMapCache("shared-orgs", shared, true);
    orgs.put("org-1", "acme");

    assertThat(users.get("user-1", () -> "user of " + orgs.get("org-1").get()))
        .isEqualTo("user of acme");

    assertThat(operations(testing, "shared-users", "miss")).isEqualTo(1);
    assertThat(operations(testing, "shared-users", "load")).isEqualTo(1);
    assertThat(operations(testing, "shared-orgs", "put")).isEqualTo(1);
    assertThat(operations(testing, "shared-orgs", "hit")).isEqualTo(1);
  }

  /** Another cache asked from inside a loader is another store: both count. */
  @Test
  void anL2AskedByTheL1LoaderCountsToo() {
    Cache<Object, Object> l2 = Caffeine.newBuilder().build();
    l2.put("k", "from-l2");
    CaffeineCache l1 = new CaffeineCache("l1", Caffeine.newBuilder().build());

    assertThat(l1.get("k", () -> l2.getIfPresent("k"))).isEqualTo("from-l2");

    assertThat(operations(testing, "l1", "miss")).isEqualTo(1);
    assertThat(operations(testing, "l1", "load")).isEqualTo(1);
    // l2 was built here and never named: its namespace is this class's name
    assertThat(operations(testing, "SpringCacheTest", "hit")).isEqualTo(1);
    assertThat(operations(testing, "SpringCacheTest", "put")).isEqualTo(1);
  }

  @Test
  void evictionsOfTheCaffeineCacheBeneathCarryTheSpringName() {
    Cache<Object, Object> nativeCache = Caffeine.newBuilder().maximumSize(1)
        .executor(Runnable::run).build();
    CaffeineCache cache = new CaffeineCache("spring-evicting", nativeCache);
    for (int i = 0; i < 5; i++) {
      cache.put(i, i);
    }
    nativeCache.cleanUp();

    assertThat(operations(testing, "spring-evicting", "put")).isEqualTo(5);
    assertThat(operations(testing, "spring-evicting", "eviction", "size"))
        .isEqualTo(5 - nativeCache.estimatedSize());
  }

  @Test
  void aFailingLoaderPropagatesAndIsNotCounted() {
    ConcurrentMapCache cache = new ConcurrentMapCache("spring-failing");
    IllegalStateException failure = new IllegalStateException("backend down");

    Throwable thrown = catchThrowable(() -> cache.get("k", () -> {
      throw failure;
    }));

    assertThat(thrown).isInstanceOf(org.springframework.cache.Cache.ValueRetrievalException.class)
        .hasCause(failure);
    assertThat(operations(testing, "spring-failing", "miss")).isZero();
    assertThat(operations(testing, "spring-failing", "hit")).isZero();
  }
}
