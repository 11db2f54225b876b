package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.gauge;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.CacheBase;
import ai.victor.otel.instrumentation.configured.app.CountingCache;
import ai.victor.otel.instrumentation.configured.app.OptionalCache;
import ai.victor.otel.instrumentation.configured.app.TestCache;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.lang.ref.Reference;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Targets test-cache, optional-cache and base-cache (src/test/resources/advice-test.properties). */
class CacheAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String OPERATIONS = "victor.cache.operations";

  @BeforeAll
  static void registerCacheInstruments() {
    CacheInstruments.register();
  }

  private static final String LATENCY = "victor.cache.operation.latency_ms";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static long operations(String namespace, String operation) {
    return counter(testing, OPERATIONS, attributes("namespace", namespace, "operation", operation));
  }

  private static long sampledLookups(String namespace) {
    return histogramCount(testing, LATENCY, attributes("namespace", namespace));
  }

  @Test
  void countsEachOperationByNamespaceAndOperation() {
    TestCache cache = new TestCache("ops", 2);
    Object value = new Object();

    cache.put("a", value);
    assertThat(cache.get("a")).isSameAs(value);
    assertThat(cache.get("missing")).isNull();
    cache.put("b", "2");
    cache.put("c", "3"); // over capacity: evicts "a"
    assertThat(cache.invalidate("b")).isTrue();

    assertThat(operations("ops", "hit")).isEqualTo(1);
    assertThat(operations("ops", "miss")).isEqualTo(1);
    assertThat(operations("ops", "put")).isEqualTo(3);
    assertThat(operations("ops", "eviction")).isEqualTo(1);
    assertThat(operations("ops", "invalidation")).isEqualTo(1);
    assertThat(Exported.values(testing, OPERATIONS, "operation", attributes("namespace", "ops")))
        .containsExactly("eviction", "hit", "invalidation", "miss", "put");
    // latency-sample-every=1 in the test configuration: every lookup is timed
    assertThat(sampledLookups("ops")).isEqualTo(2);
  }

  @Test
  void emptyOptionalIsAMissAndPresentOptionalAHit() {
    OptionalCache cache = new OptionalCache();
    cache.put("k", "v");

    assertThat(cache.get("k")).contains("v");
    assertThat(cache.get("absent")).isEqualTo(Optional.empty());
    assertThat(cache.get("absent")).isEmpty();

    // no namespace accessor configured: the namespace is the target id
    assertThat(operations("optional-cache", "hit")).isEqualTo(1);
    assertThat(operations("optional-cache", "miss")).isEqualTo(2);
    assertThat(operations("optional-cache", "put")).isEqualTo(1);
  }

  @Test
  void namespaceIsReadPerInstance() {
    TestCache first = new TestCache("ns-a", 8);
    TestCache second = new TestCache("ns-b", 8);
    TestCache sameNamespace = new TestCache("ns-a", 8);

    first.get("x");
    first.get("y");
    second.get("x");
    sameNamespace.get("x");
    second.put("x", "1");
    assertThat(second.get("x")).isEqualTo("1");

    assertThat(operations("ns-a", "miss")).isEqualTo(3);
    assertThat(operations("ns-a", "hit")).isZero();
    assertThat(operations("ns-b", "miss")).isEqualTo(1);
    assertThat(operations("ns-b", "hit")).isEqualTo(1);
    assertThat(operations("ns-b", "put")).isEqualTo(1);
    assertThat(Exported.values(testing, OPERATIONS, "namespace", Attributes.empty()))
        .contains("ns-a", "ns-b");
  }

  @Test
  void reentrantSuperGetCountsOnce() {
    CountingCache cache = new CountingCache("reentrant");
    cache.put("k", "v");

    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(cache.get("none")).isNull();
    assertThat(cache.lookups()).isEqualTo(2);

    // CountingCache.get and CacheBase.get both run instrumented; the outer call counts
    assertThat(operations("reentrant", "hit")).isEqualTo(1);
    assertThat(operations("reentrant", "miss")).isEqualTo(1);
    assertThat(operations("reentrant", "put")).isEqualTo(1);
    assertThat(sampledLookups("reentrant")).isEqualTo(2);

    // the superclass itself is instrumented too; namespace from the field "name"
    new CacheBase("base-only").get("k");
    assertThat(operations("base-only", "miss")).isEqualTo(1);
  }

  @Test
  void lookupThatThrowsPropagatesUnchangedAndIsNotCounted() {
    TestCache cache = new TestCache("throwing", 4);
    cache.put("k", "v");
    IllegalStateException failure = new IllegalStateException("backend down");
    cache.failLookupsWith(failure);

    Throwable thrown = catchThrowable(() -> cache.get("k"));

    assertThat(thrown).isSameAs(failure);
    assertThat(thrown.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(operations("throwing", "hit")).isZero();
    assertThat(operations("throwing", "miss")).isZero();
    assertThat(sampledLookups("throwing")).isZero();
    assertThat(operations("throwing", "put")).isEqualTo(1);

    // the failed lookup left no state behind: the next one on this thread is counted
    cache.failLookupsWith(null);
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(operations("throwing", "hit")).isEqualTo(1);
    assertThat(operations("throwing", "miss")).isZero();
  }

  @Test
  void gaugesReflectSizeAndCapacity() {
    TestCache cache = new TestCache("gauged", 4);
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    // two instances sharing a namespace report their sum
    TestCache left = new TestCache("shared", 4);
    TestCache right = new TestCache("shared", 4);
    left.put("a", "1");
    right.put("a", "1");
    right.put("b", "2");

    Attributes gauged = attributes("namespace", "gauged");
    assertThat(gauge(testing, "victor.cache.entries", gauged)).isEqualTo(3.0);
    assertThat(gauge(testing, "victor.cache.utilization", gauged)).isCloseTo(0.75, within(1e-9));
    // entry-bytes=100 in the test configuration
    assertThat(gauge(testing, "victor.cache.memory", gauged)).isEqualTo(300.0);

    Attributes shared = attributes("namespace", "shared");
    assertThat(gauge(testing, "victor.cache.entries", shared)).isEqualTo(3.0);
    assertThat(gauge(testing, "victor.cache.utilization", shared))
        .isCloseTo(3.0 / 8, within(1e-9));
    assertThat(gauge(testing, "victor.cache.memory", shared)).isEqualTo(300.0);

    // read live at each collection
    cache.put("d", "4");
    cache.put("e", "5"); // evicts one: stays at capacity
    assertThat(gauge(testing, "victor.cache.entries", gauged)).isEqualTo(4.0);
    assertThat(gauge(testing, "victor.cache.utilization", gauged)).isCloseTo(1.0, within(1e-9));
    assertThat(gauge(testing, "victor.cache.memory", gauged)).isEqualTo(400.0);

    // the gauges hold instances weakly; keep them reachable until read
    Reference.reachabilityFence(cache);
    Reference.reachabilityFence(left);
    Reference.reachabilityFence(right);
  }
}
