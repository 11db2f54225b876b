package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheCallsTest {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");

  /** A small cache, configured by its class name; calls go through the advice's sequence. */
  static class TestCache {
    final Map<Object, Object> entries = new HashMap<Object, Object>();
    final String namespace;
    final int capacity;

    TestCache(String namespace, int capacity) {
      this.namespace = namespace;
      this.capacity = capacity;
    }

    String namespace() {
      return namespace;
    }

    int size() {
      return entries.size();
    }

    int capacity() {
      return capacity;
    }

    Object get(Object key) {
      return entries.get(key);
    }

    void put(Object key, Object value) {
      entries.put(key, value);
    }
  }

  /** Inherits its methods from TestCache: matched through the superclass. */
  static class SubCache extends TestCache {
    SubCache(String namespace) {
      super(namespace, 10);
    }
  }

  static class Unconfigured {}

  static class ExplodingCache extends TestCache {
    ExplodingCache() {
      super("never", 10);
    }

    @Override
    String namespace() {
      throw new IllegalStateException("namespace failed");
    }
  }

  static class ExplodingSizeCache extends TestCache {
    ExplodingSizeCache() {
      super("exploding-size", 10);
    }

    @Override
    int size() {
      throw new IllegalStateException("size failed");
    }
  }

  static class Key {
    final String tenant;

    Key(String tenant) {
      this.tenant = tenant;
    }

    String tenant() {
      if (tenant == null) {
        throw new IllegalStateException("no tenant");
      }
      return tenant;
    }
  }

  static class TenantCache {}

  private static List<String> cacheTarget(String... extra) {
    List<String> settings = new ArrayList<String>(Arrays.asList(
        "victor.otel.targets", "cache",
        "victor.otel.cache.latency-sample-every", "1"));
    settings.addAll(TestTelemetry.target("cache",
        "role", "cache",
        "type", TestCache.class.getName(),
        "get", "get",
        "put", "put",
        "evict", "evict",
        "invalidate", "clear",
        "namespace", "this.namespace()",
        "size", "this.size()",
        "capacity", "this.capacity()",
        "entry-bytes", "100"));
    settings.addAll(Arrays.asList(extra));
    return settings;
  }

  private final TestTelemetry sdk = TestTelemetry.create(cacheTarget());
  private final CacheCalls calls = CacheCalls.create(sdk.telemetry);

  /** What the lookup advice does around a call of {@code cache.get(key)}. */
  private static Object get(CacheCalls calls, TestCache cache, Object key) {
    Object token = calls.enter(CacheCalls.GET, cache);
    Object result = cache.get(key);
    calls.lookupExit(TestCache.class, cache, token, result, null, key, null, null, null);
    return result;
  }

  private Object get(TestCache cache, Object key) {
    return get(calls, cache, key);
  }

  /** A lookup method returning {@code result}, as the advice sees it. */
  private void lookupReturning(TestCache cache, Object result) {
    Object token = calls.enter(CacheCalls.GET, cache);
    calls.lookupExit(TestCache.class, cache, token, result, null, "k", null, null, null);
  }

  private void put(TestCache cache, Object key, Object value) {
    Object token = calls.enter(CacheCalls.PUT, cache);
    cache.put(key, value);
    calls.operationExit(TestCache.class, cache, CacheCalls.PUT, token, null, key, value, null,
        null);
  }

  private void operation(TestCache cache, int kind) {
    Object token = calls.enter(kind, cache);
    calls.operationExit(TestCache.class, cache, kind, token, null, null, null, null, null);
  }

  private static Attributes op(String namespace, String operation) {
    return Attributes.of(NAMESPACE, namespace, OPERATION, operation);
  }

  private static Attributes ns(String namespace) {
    return Attributes.of(NAMESPACE, namespace);
  }

  @Test
  void hitsMissesPutsEvictionsAndInvalidationsAreCountedPerNamespace() {
    TestCache tools = new TestCache("tools", 100);
    TestCache sessions = new TestCache("sessions", 100);
    put(tools, "a", 1);
    put(tools, "b", 2);
    get(tools, "a");
    get(tools, "b");
    get(tools, "missing");
    get(sessions, "missing");
    operation(tools, CacheCalls.EVICTION);
    operation(tools, CacheCalls.INVALIDATION);
    operation(tools, CacheCalls.INVALIDATION);

    Collection<MetricData> collected = sdk.collect();
    String name = "victor.cache.operations";
    assertThat(TestTelemetry.sum(collected, name, op("tools", "put"))).isEqualTo(2);
    assertThat(TestTelemetry.sum(collected, name, op("tools", "hit"))).isEqualTo(2);
    assertThat(TestTelemetry.sum(collected, name, op("tools", "miss"))).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, name, op("tools", "eviction"))).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, name, op("tools", "invalidation"))).isEqualTo(2);
    assertThat(TestTelemetry.sum(collected, name, op("sessions", "miss"))).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, name, op("sessions", "hit"))).isZero();
    assertThat(TestTelemetry.total(collected, name)).isEqualTo(9);
    assertThat(sdk.failures("cache")).isZero();
  }

  @Test
  void emptyOptionalIsAMissAndAPresentOneAHit() {
    TestCache cache = new TestCache("opt", 10);
    lookupReturning(cache, Optional.empty());
    lookupReturning(cache, Optional.of("value"));
    lookupReturning(cache, null);
    lookupReturning(cache, "");
    assertThat(sdk.sum("victor.cache.operations", op("opt", "miss"))).isEqualTo(2);
    assertThat(sdk.sum("victor.cache.operations", op("opt", "hit"))).isEqualTo(2);
  }

  @Test
  void nestedCallsOfTheSameKindAreCountedOnce() {
    TestCache cache = new TestCache("nested", 10);
    // getOrDefault() calling get(), both instrumented: one lookup.
    Object outer = calls.enter(CacheCalls.GET, cache);
    Object inner = calls.enter(CacheCalls.GET, cache);
    assertThat(CacheCalls.start(inner)).isEqualTo(CacheCalls.NESTED);
    calls.lookupExit(TestCache.class, cache, inner, null, null, "k", null, null, null);
    calls.lookupExit(TestCache.class, cache, outer, "v", null, "k", null, null, null);
    // A put inside a lookup (a loading cache) is a different kind: both count.
    Object lookup = calls.enter(CacheCalls.GET, cache);
    Object put = calls.enter(CacheCalls.PUT, cache);
    assertThat(CacheCalls.start(put)).isNotEqualTo(CacheCalls.NESTED);
    calls.operationExit(TestCache.class, cache, CacheCalls.PUT, put, null, "k", "v", null, null);
    calls.lookupExit(TestCache.class, cache, lookup, null, null, "k", null, null, null);
    // The depth is back to zero: the next lookup counts again.
    get(cache, "k");

    assertThat(sdk.sum("victor.cache.operations", op("nested", "hit"))).isEqualTo(1);
    assertThat(sdk.sum("victor.cache.operations", op("nested", "miss"))).isEqualTo(2);
    assertThat(sdk.sum("victor.cache.operations", op("nested", "put"))).isEqualTo(1);
  }

  @Test
  void alternatingInstancesOnOneThreadEachKeepTheirNamespace() {
    // The exit remembers the last instance's recorder per thread: it must never serve another's.
    TestCache a = new TestCache("alt-a", 10);
    TestCache b = new TestCache("alt-b", 10);
    put(a, "k", 1);
    for (int i = 0; i < 3; i++) {
      get(a, "k");
      get(b, "k");
      get(b, "k");
    }
    put(b, "k", 2);
    assertThat(sdk.sum("victor.cache.operations", op("alt-a", "hit"))).isEqualTo(3);
    assertThat(sdk.sum("victor.cache.operations", op("alt-a", "put"))).isEqualTo(1);
    assertThat(sdk.sum("victor.cache.operations", op("alt-b", "miss"))).isEqualTo(6);
    assertThat(sdk.sum("victor.cache.operations", op("alt-b", "put"))).isEqualTo(1);
  }

  @Test
  void aLookupInAnotherCacheInsideALookupCountsForBoth() {
    TestCache l1 = new TestCache("l1", 10);
    TestCache l2 = new TestCache("l2", 10);
    // L1's get misses and asks L2, which hits: two lookups in two namespaces.
    Object outer = calls.enter(CacheCalls.GET, l1);
    Object inner = calls.enter(CacheCalls.GET, l2);
    assertThat(CacheCalls.start(inner)).isNotEqualTo(CacheCalls.NESTED);
    calls.lookupExit(TestCache.class, l2, inner, "v", null, "k", null, null, null);
    calls.lookupExit(TestCache.class, l1, outer, "v", null, "k", null, null, null);
    assertThat(sdk.sum("victor.cache.operations", op("l1", "hit"))).isEqualTo(1);
    assertThat(sdk.sum("victor.cache.operations", op("l2", "hit"))).isEqualTo(1);
  }

  @Test
  void aThrowingLookupIsNotCountedAndUnwindsItsDepth() {
    TestCache cache = new TestCache("throws", 10);
    Object token = calls.enter(CacheCalls.GET, cache);
    calls.lookupExit(TestCache.class, cache, token, null, new IllegalStateException("boom"), "k",
        null, null, null);
    Object putToken = calls.enter(CacheCalls.PUT, cache);
    calls.operationExit(TestCache.class, cache, CacheCalls.PUT, putToken,
        new IllegalStateException("boom"), "k", "v", null, null);
    assertThat(sdk.sum("victor.cache.operations", op("throws", "miss"))).isZero();
    assertThat(sdk.sum("victor.cache.operations", op("throws", "put"))).isZero();
    Object again = calls.enter(CacheCalls.GET, cache);
    assertThat(CacheCalls.start(again)).isNotEqualTo(CacheCalls.NESTED);
    calls.lookupExit(TestCache.class, cache, again, null, null, "k", null, null, null);
    assertThat(sdk.sum("victor.cache.operations", op("throws", "miss"))).isEqualTo(1);
  }

  @Test
  void failedEnterTokenMakesTheExitDoNothing() {
    TestCache cache = new TestCache("failed-enter", 10);
    // An enter advice that failed leaves the exit a null token.
    calls.lookupExit(TestCache.class, cache, null, "v", null, "k", null, null, null);
    assertThat(sdk.sum("victor.cache.operations", op("failed-enter", "hit"))).isZero();
    // The depth was not decremented below zero: the next lookup is not nested.
    Object next = calls.enter(CacheCalls.GET, cache);
    assertThat(CacheCalls.start(next)).isNotEqualTo(CacheCalls.NESTED);
    calls.lookupExit(TestCache.class, cache, next, "v", null, "k", null, null, null);
    assertThat(sdk.sum("victor.cache.operations", op("failed-enter", "hit"))).isEqualTo(1);
  }

  @Test
  void unconfiguredClassesAndStaticCallsAreNotRecorded() {
    Unconfigured unconfigured = new Unconfigured();
    Object token = calls.enter(CacheCalls.GET, unconfigured);
    calls.lookupExit(Unconfigured.class, unconfigured, token, "v", null, null, null, null,
        null);
    token = calls.enter(CacheCalls.GET, null);
    calls.lookupExit(TestCache.class, null, token, "v", null, null, null, null, null);
    assertThat(TestTelemetry.total(sdk.collect(), "victor.cache.operations")).isZero();
  }

  @Test
  void subclassesOfTheConfiguredTypeMatch() {
    SubCache cache = new SubCache("sub");
    Object token = calls.enter(CacheCalls.GET, cache);
    calls.lookupExit(SubCache.class, cache, token, "v", null, "k", null, null, null);
    assertThat(sdk.sum("victor.cache.operations", op("sub", "hit"))).isEqualTo(1);
  }

  @Test
  void everyLookupIsTimedWhenSampleEveryIsOne() {
    TestCache cache = new TestCache("timed", 10);
    put(cache, "a", 1);
    for (int i = 0; i < 5; i++) {
      get(cache, "a");
      get(cache, "b");
    }
    HistogramPointData latency = sdk.histogram("victor.cache.operation.latency_ms", ns("timed"));
    assertThat(latency).isNotNull();
    assertThat(latency.getCount()).isEqualTo(10);
    assertThat(latency.getSum()).isGreaterThanOrEqualTo(0);
    assertThat(latency.getBoundaries()).containsExactlyElementsOf(
        ai.victor.otel.core.Metric.CACHE_LATENCY.buckets());
  }

  @Test
  void noLookupIsTimedWhenSampleEveryIsZero() {
    TestTelemetry untimed = TestTelemetry.create(
        cacheTarget("victor.otel.cache.latency-sample-every", "0"));
    CacheCalls untimedCalls = CacheCalls.create(untimed.telemetry);
    TestCache cache = new TestCache("untimed", 10);
    for (int i = 0; i < 50; i++) {
      Object token = untimedCalls.enter(CacheCalls.GET, cache);
      assertThat(CacheCalls.start(token)).isEqualTo(CacheCalls.UNSAMPLED);
      untimedCalls.lookupExit(TestCache.class, cache, token, null, null, "k", null, null, null);
    }
    Collection<MetricData> collected = untimed.collect();
    assertThat(TestTelemetry.sum(collected, "victor.cache.operations", op("untimed", "miss")))
        .isEqualTo(50);
    assertThat(TestTelemetry.metric(collected, "victor.cache.operation.latency_ms")).isNull();
  }

  @Test
  void aSampleOfLookupsIsTimedByDefault() {
    TestTelemetry withTargets = TestTelemetry.create(withTargetList("c",
        TestTelemetry.target("c", "role", "cache", "type", TestCache.class.getName(),
            "get", "get")));
    assertThat(withTargets.config.cacheLatencySampleEvery()).isEqualTo(64);
    CacheCalls sampledCalls = CacheCalls.create(withTargets.telemetry);
    TestCache cache = new TestCache("ignored", 10);
    for (int i = 0; i < 6400; i++) {
      get(sampledCalls, cache, "k");
    }
    HistogramPointData latency = withTargets.histogram("victor.cache.operation.latency_ms",
        ns("c"));
    assertThat(latency).isNotNull();
    // 1 in 64 on average: 100 expected; far outside this range means sampling is broken.
    assertThat(latency.getCount()).isBetween(30L, 250L);
  }

  private static List<String> withTargetList(String ids, List<String> settings) {
    List<String> all = new ArrayList<String>(settings);
    all.add("victor.otel.targets");
    all.add(ids);
    return all;
  }

  @Test
  void sizeGaugesReadTheInstancesOfEachNamespace() {
    TestCache first = new TestCache("tools", 10);
    TestCache second = new TestCache("tools", 30);
    TestCache other = new TestCache("sessions", 4);
    for (int i = 0; i < 4; i++) {
      put(first, i, i);
    }
    put(second, "x", 1);
    put(other, "a", 1);
    put(other, "b", 2);

    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.cache.entries", ns("tools"))).isEqualTo(5);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.utilization", ns("tools")))
        .isEqualTo(5 / 40.0);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.memory", ns("tools")))
        .isEqualTo(500);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.entries", ns("sessions")))
        .isEqualTo(2);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.utilization", ns("sessions")))
        .isEqualTo(0.5);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.memory", ns("sessions")))
        .isEqualTo(200);

    // Gauges follow the instances' current sizes at each collection.
    first.entries.clear();
    assertThat(sdk.gauge("victor.cache.entries", ns("tools"))).isEqualTo(1);
  }

  /**
   * Two threads touching a new cache at once both resolve it (the namespace accessor is user
   * code, run outside any lock), but it is registered for the gauges once: its entries read 3,
   * not 6.
   */
  @Test
  void twoThreadsTouchingANewCacheAtOnceRegisterItsSizeOnce() throws Exception {
    CyclicBarrier bothResolving = new CyclicBarrier(2);
    TestCache cache = new TestCache("raced", 10) {
      @Override
      String namespace() {
        try {
          bothResolving.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return super.namespace();
      }
    };
    for (int i = 0; i < 3; i++) {
      cache.entries.put(i, i);
    }
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> lookups = new ArrayList<Future<Object>>();
      for (int i = 0; i < 2; i++) {
        lookups.add(threads.submit(() -> get(cache, 0)));
      }
      for (Future<Object> lookup : lookups) {
        assertThat(lookup.get(30, TimeUnit.SECONDS)).isEqualTo(0);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(sdk.gauge("victor.cache.entries", ns("raced"))).isEqualTo(3);
    assertThat(sdk.sum("victor.cache.operations", op("raced", "hit"))).isEqualTo(2);
    assertThat(sdk.failures("cache")).isZero();
  }

  @Test
  void utilizationIsCappedAtOneAndLeftOutWithoutCapacity() {
    TestTelemetry noCapacity = TestTelemetry.create(withTargetList("c",
        TestTelemetry.target("c", "role", "cache", "type", TestCache.class.getName(),
            "get", "get", "put", "put", "size", "this.size()", "memory", "this.capacity()")));
    CacheCalls noCapacityCalls = CacheCalls.create(noCapacity.telemetry);
    TestCache cache = new TestCache("ignored", 12345);
    Object token = noCapacityCalls.enter(CacheCalls.PUT, cache);
    cache.put("a", 1);
    cache.put("b", 2);
    noCapacityCalls.operationExit(TestCache.class, cache, CacheCalls.PUT, token, null, "a", 1,
        null, null);
    Collection<MetricData> collected = noCapacity.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.cache.entries", ns("c"))).isEqualTo(2);
    // The memory accessor replaces entries x entry-bytes.
    assertThat(TestTelemetry.gauge(collected, "victor.cache.memory", ns("c"))).isEqualTo(12345);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.utilization", ns("c"))).isNull();

    TestCache over = new TestCache("over", 1);
    put(over, "a", 1);
    put(over, "b", 2);
    assertThat(sdk.gauge("victor.cache.utilization", ns("over"))).isEqualTo(1.0);
  }

  @Test
  void namespacesBeyondTheCardinalityLimitFoldIntoOther() {
    TestTelemetry capped = TestTelemetry.create(
        cacheTarget("victor.otel.cardinality.limit", "2"));
    CacheCalls cappedCalls = CacheCalls.create(capped.telemetry);
    for (String namespace : Arrays.asList("a", "b", "c", "d")) {
      get(cappedCalls, new TestCache(namespace, 10), "k");
    }
    Collection<MetricData> collected = capped.collect();
    String name = "victor.cache.operations";
    assertThat(TestTelemetry.sum(collected, name, op("a", "miss"))).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, name, op("b", "miss"))).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, name, op("_other", "miss"))).isEqualTo(2);
    assertThat(TestTelemetry.nonZero(collected, name, NAMESPACE))
        .containsExactly("_other", "a", "b");
  }

  @Test
  void namespaceFromAnArgumentIsReadPerCallAndBounded() {
    TestTelemetry perCall = TestTelemetry.create(withTargetList("tenants",
        TestTelemetry.target("tenants", "role", "cache", "type", TenantCache.class.getName(),
            "get", "get", "namespace", "arg0.tenant()")));
    CacheCalls perCallCalls = CacheCalls.create(perCall.telemetry);
    TenantCache cache = new TenantCache();
    for (String tenant : Arrays.asList("acme", "acme", "globex")) {
      Object token = perCallCalls.enter(CacheCalls.GET, cache);
      perCallCalls.lookupExit(TenantCache.class, cache, token, "v", null, new Key(tenant), null,
          null, null);
    }
    // The accessor throws: the call is unaffected, the failure is counted, nothing else is.
    Object token = perCallCalls.enter(CacheCalls.GET, cache);
    perCallCalls.lookupExit(TenantCache.class, cache, token, "v", null, new Key(null), null,
        null, null);
    Collection<MetricData> collected = perCall.collect();
    String name = "victor.cache.operations";
    assertThat(TestTelemetry.sum(collected, name, op("acme", "hit"))).isEqualTo(2);
    assertThat(TestTelemetry.sum(collected, name, op("globex", "hit"))).isEqualTo(1);
    assertThat(TestTelemetry.nonZero(collected, name, NAMESPACE)).containsExactly("acme", "globex");
    assertThat(TestTelemetry.sum(collected, "victor.otel.failures",
        Attributes.of(TestTelemetry.ROLE, "cache"))).isEqualTo(1);
    // And the depth was unwound despite the failure.
    Object next = perCallCalls.enter(CacheCalls.GET, cache);
    assertThat(CacheCalls.start(next)).isNotEqualTo(CacheCalls.NESTED);
    perCallCalls.lookupExit(TenantCache.class, cache, next, "v", null, new Key("acme"), null,
        null, null);
  }

  @Test
  void aThrowingNamespaceAccessorIsCountedAndRecordsUnderUnknown() {
    ExplodingCache cache = new ExplodingCache();
    get(cache, "k");
    get(cache, "k");
    assertThat(sdk.sum("victor.cache.operations", op("unknown", "miss"))).isEqualTo(2);
    // Resolved once per instance, so counted once.
    assertThat(sdk.failures("cache")).isEqualTo(1);
  }

  @Test
  void aThrowingSizeAccessorIsCountedAtCollection() {
    ExplodingSizeCache cache = new ExplodingSizeCache();
    put(cache, "k", "v");
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.cache.operations",
        op("exploding-size", "put"))).isEqualTo(1);
    assertThat(TestTelemetry.gauge(collected, "victor.cache.entries", ns("exploding-size")))
        .isNull();
    assertThat(TestTelemetry.sum(collected, "victor.otel.failures",
        Attributes.of(TestTelemetry.ROLE, "cache"))).isEqualTo(1);
  }
}
