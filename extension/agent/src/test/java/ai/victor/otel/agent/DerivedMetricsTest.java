package ai.victor.otel.agent;

import static ai.victor.otel.agent.TestMetrics.gauge;
import static ai.victor.otel.agent.TestMetrics.metric;
import static ai.victor.otel.agent.TestMetrics.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.recording.Recorders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DerivedMetricsTest {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  private static final AttributeKey<String> CACHE_TYPE = AttributeKey.stringKey("cache_type");
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  private static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component");
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private static DerivedMetrics derived(long windowNanos, Map<String, String> settings) {
    return new DerivedMetrics(windowNanos, new HealthScore(ConfigSource.of(settings)));
  }

  private static DerivedMetrics derived(long windowNanos) {
    return derived(windowNanos, Map.of());
  }

  private static Attributes ns(String namespace) {
    return Attributes.of(NAMESPACE, namespace);
  }

  @Test
  void cacheHitsEvictionsAndHitRatesPerNamespaceAndOverall() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("tools", 3, 1, 2);
      metrics.cache("sessions", 1, 3, 0);
      Collection<MetricData> collected = metrics.collect();
      List<MetricData> out = derived(MINUTE).derive(collected);

      assertThat(sum(out, "victor.cache.hits", ns("tools"))).isEqualTo(3);
      assertThat(sum(out, "victor.cache.hits", ns("sessions"))).isEqualTo(1);
      assertThat(sum(out, "victor.cache.evictions", ns("tools"))).isEqualTo(2);
      assertThat(sum(out, "victor.cache.evictions", ns("sessions"))).isEqualTo(0);
      assertThat(gauge(out, "victor.cache.hit_rate", ns("tools"))).isCloseTo(0.75, within(1e-9));
      assertThat(gauge(out, "victor.cache.hit_rate", ns("sessions"))).isCloseTo(0.25,
          within(1e-9));
      assertThat(gauge(out, "victor.cache.hit_rate", ns("overall"))).isCloseTo(0.5, within(1e-9));

      MetricData hits = metric(out, "victor.cache.hits");
      assertThat(hits.getType()).isEqualTo(MetricDataType.LONG_SUM);
      assertThat(hits.getLongSumData().isMonotonic()).isTrue();
      assertThat(hits.getLongSumData().getAggregationTemporality())
          .isEqualTo(AggregationTemporality.CUMULATIVE);
      assertThat(hits.getUnit()).isEqualTo("{hit}");
      assertThat(hits.getInstrumentationScopeInfo().getName()).isEqualTo("ai.victor.otel");
      assertThat(hits.getResource())
          .isEqualTo(collected.iterator().next().getResource());
      assertThat(metric(out, "victor.cache.hit_rate").getType())
          .isEqualTo(MetricDataType.DOUBLE_GAUGE);
    }
  }

  @Test
  void evictionsOfEveryCauseAddUpPerNamespace() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("library", 1, 1, 1); // an eviction without cause, as configured caches count
      metrics.evictions("library", Recorders.CacheRecorder.CAUSE_SIZE, 3);
      metrics.evictions("library", Recorders.CacheRecorder.CAUSE_EXPIRED, 2);
      DerivedMetrics derived = derived(MINUTE);
      assertThat(sum(derived.derive(metrics.collect()), "victor.cache.evictions",
          ns("library"))).isEqualTo(6);

      metrics.evictions("library", Recorders.CacheRecorder.CAUSE_SIZE, 1);
      assertThat(sum(derived.derive(metrics.collect()), "victor.cache.evictions",
          ns("library"))).isEqualTo(7);
    }
  }

  @Test
  void theHitRateIsWindowedAndFallsBackToTheLifetimeRatioWhenQuiet() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      DerivedMetrics derived = derived(TimeUnit.SECONDS.toNanos(10));
      metrics.cache("tools", 9, 1, 0);
      metrics.advance(1);
      List<MetricData> first = derived.derive(metrics.collect());
      assertThat(gauge(first, "victor.cache.hit_rate", ns("tools"))).isCloseTo(0.9, within(1e-9));

      metrics.advance(20);
      metrics.cache("tools", 1, 3, 0);
      List<MetricData> second = derived.derive(metrics.collect());
      // Only the traffic since the previous collection, which is older than the window.
      assertThat(gauge(second, "victor.cache.hit_rate", ns("tools"))).isCloseTo(0.25,
          within(1e-9));
      assertThat(gauge(second, "victor.cache.hit_rate", ns("overall"))).isCloseTo(0.25,
          within(1e-9));
      assertThat(sum(second, "victor.cache.hits", ns("tools"))).isEqualTo(10);

      metrics.advance(20);
      List<MetricData> quiet = derived.derive(metrics.collect());
      assertThat(gauge(quiet, "victor.cache.hit_rate", ns("tools"))).isCloseTo(10 / 14.0,
          within(1e-9));
    }
  }

  @Test
  void aWindowLongerThanTheCollectionIntervalCoversSeveralCollections() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      DerivedMetrics derived = derived(TimeUnit.SECONDS.toNanos(25));
      metrics.cache("tools", 10, 0, 0);
      metrics.advance(10);
      derived.derive(metrics.collect()); // t=10: 10 hits
      metrics.cache("tools", 0, 10, 0);
      metrics.advance(10);
      derived.derive(metrics.collect()); // t=20: 10 misses
      metrics.cache("tools", 5, 5, 0);
      metrics.advance(10);
      // t=30: the window (5, 30] starts after t=0 but the baseline is the sample at t=10.
      List<MetricData> out = derived.derive(metrics.collect());
      assertThat(gauge(out, "victor.cache.hit_rate", ns("tools"))).isCloseTo(5 / 20.0,
          within(1e-9));
    }
  }

  @Test
  void toolExecutionsAreTheDurationCountsAndErrorRatesFollow() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.tool("search", "success", 3, 10);
      metrics.tool("search", "error", 1, 10);
      metrics.tool("fetch", "timeout", 1, 10);
      metrics.tool("fetch", "success", 1, 10);
      Collection<MetricData> collected = metrics.collect();
      List<MetricData> out = derived(MINUTE).derive(collected);

      MetricData duration = metric(collected, "victor.tool.duration_ms");
      for (HistogramPointData point : duration.getHistogramData().getPoints()) {
        assertThat(sum(out, "victor.tool.executions", point.getAttributes()))
            .as(point.getAttributes().toString()).isEqualTo(point.getCount());
      }
      assertThat(metric(out, "victor.tool.executions").getData().getPoints()).hasSize(4);
      assertThat(sum(out, "victor.tool.executions",
          Attributes.of(TOOL, "search", STATUS, "success"))).isEqualTo(3);
      assertThat(sum(out, "victor.tool.executions",
          Attributes.of(TOOL, "fetch", STATUS, "timeout"))).isEqualTo(1);
      assertThat(gauge(out, "victor.tool.error_rate", Attributes.of(TOOL, "search")))
          .isCloseTo(0.25, within(1e-9));
      assertThat(gauge(out, "victor.tool.error_rate", Attributes.of(TOOL, "fetch")))
          .isCloseTo(0.5, within(1e-9));
      assertThat(gauge(out, "victor.tool.error_rate", Attributes.of(TOOL, "overall")))
          .isCloseTo(2 / 6.0, within(1e-9));
    }
  }

  @Test
  void providerRequestsErrorRatesAndHealth() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.provider("openai", "gpt-4o", null, 3);
      metrics.provider("openai", "gpt-4o", "rate_limited", 1);
      metrics.provider("anthropic", "claude", "server", 2);
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());

      assertThat(sum(out, "victor.provider.requests",
          Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o"))).isEqualTo(4);
      assertThat(sum(out, "victor.provider.requests",
          Attributes.of(PROVIDER, "anthropic", MODEL, "claude"))).isEqualTo(2);
      assertThat(gauge(out, "victor.provider.error_rate", Attributes.of(PROVIDER, "openai")))
          .isCloseTo(0.25, within(1e-9));
      assertThat(gauge(out, "victor.provider.health", Attributes.of(PROVIDER, "openai")))
          .isCloseTo(0.75, within(1e-9));
      assertThat(gauge(out, "victor.provider.error_rate", Attributes.of(PROVIDER, "anthropic")))
          .isCloseTo(1.0, within(1e-9));
      assertThat(gauge(out, "victor.provider.health", Attributes.of(PROVIDER, "anthropic")))
          .isCloseTo(0.0, within(1e-9));
      assertThat(gauge(out, "victor.provider.error_rate", Attributes.of(PROVIDER, "overall")))
          .isCloseTo(0.5, within(1e-9));
    }
  }

  @Test
  void selectionRequestsMissRateAndHitRatePerCache() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.selection("query", true, 6, 0.2);
      metrics.selection("context", true, 2, 0.2);
      metrics.selection(null, false, 2, 0.2);
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());

      assertThat(sum(out, "victor.tool_selection.requests",
          Attributes.of(CACHE_TYPE, "query", RESULT, "hit"))).isEqualTo(6);
      assertThat(sum(out, "victor.tool_selection.requests",
          Attributes.of(CACHE_TYPE, "none", RESULT, "miss"))).isEqualTo(2);
      assertThat(gauge(out, "victor.tool_selection.miss_rate", Attributes.empty()))
          .isCloseTo(0.2, within(1e-9));
      assertThat(gauge(out, "victor.tool_selection.hit_rate", Attributes.of(CACHE_TYPE, "query")))
          .isCloseTo(0.6, within(1e-9));
      assertThat(gauge(out, "victor.tool_selection.hit_rate",
          Attributes.of(CACHE_TYPE, "context"))).isCloseTo(0.2, within(1e-9));
      assertThat(gauge(out, "victor.tool_selection.hit_rate", Attributes.of(CACHE_TYPE, "none")))
          .isNull();
    }
  }

  private static Map<String, Double> components(List<MetricData> out) {
    Map<String, Double> components = new TreeMap<>();
    MetricData metric = metric(out, "victor.performance.health_component");
    if (metric != null) {
      metric.getDoubleGaugeData().getPoints().forEach(
          p -> components.put(p.getAttributes().get(COMPONENT), p.getValue()));
    }
    return components;
  }

  @Test
  void healthIsOneHundredWithPerfectInputs() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("tools", 10, 0, 0);
      metrics.tool("search", "success", 100, 10);
      metrics.provider("openai", "gpt-4o", null, 10);
      metrics.selection("query", true, 100, 0.2);
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());

      assertThat(gauge(out, "victor.performance.health_score", Attributes.empty()))
          .isCloseTo(100, within(1e-9));
      assertThat(components(out)).containsOnlyKeys("cache_hit_rate",
          "tool_selection_latency_p95_ms", "tool_error_rate", "tool_latency_p95_ms",
          "provider_error_rate");
      assertThat(components(out).values()).allSatisfy(v -> assertThat(v).isEqualTo(1.0));
    }
  }

  @Test
  void healthFallsWithBadInputs() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("tools", 1, 9, 0);                   // hit rate 0.1 < critical 0.2
      metrics.tool("search", "success", 50, 10_000);      // P95 in (5000, 10000] > critical
      metrics.tool("search", "error", 50, 10_000);        // error rate 0.5 > critical 0.15
      metrics.provider("openai", "gpt-4o", "server", 5);  // error rate 0.5 > critical 0.3
      metrics.provider("openai", "gpt-4o", null, 5);
      metrics.selection("query", true, 10, 50);           // P95 in (25, 50] > critical 5
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());

      assertThat(gauge(out, "victor.performance.health_score", Attributes.empty()))
          .isCloseTo(0, within(1e-9));
      assertThat(components(out)).hasSize(5);
      assertThat(components(out).values()).allSatisfy(v -> assertThat(v).isEqualTo(0.0));
    }
  }

  @Test
  void aMiddlingCacheAloneGivesFifty() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("tools", 4, 6, 0); // 0.4: half-way between critical 0.2 and target 0.6
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());
      assertThat(components(out)).containsOnlyKeys("cache_hit_rate");
      assertThat(components(out).get("cache_hit_rate")).isCloseTo(0.5, within(1e-9));
      assertThat(gauge(out, "victor.performance.health_score", Attributes.empty()))
          .isCloseTo(50, within(1e-9));
    }
  }

  @Test
  void latencyComponentsUseTheP95OfTheWindowedHistograms() {
    // P95 of 100 executions of 10 ms in bucket (5, 10]: 5 + 5 * 95/100 = 9.75 ms. With target 0
    // and critical 19.5 the component reads exactly 0.5.
    Map<String, String> settings = Map.of(
        "victor.otel.health.tool-latency-p95-ms.target", "0",
        "victor.otel.health.tool-latency-p95-ms.critical", "19.5",
        // selection: 100 of 0.2 ms in (0.1, 0.25]: 0.1 + 0.15 * 0.95 = 0.2425
        "victor.otel.health.tool-selection-latency-p95-ms.target", "0",
        "victor.otel.health.tool-selection-latency-p95-ms.critical", "0.485");
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.tool("search", "success", 100, 10);
      metrics.selection("query", true, 100, 0.2);
      List<MetricData> out = derived(MINUTE, settings).derive(metrics.collect());
      assertThat(components(out).get("tool_latency_p95_ms")).isCloseTo(0.5, within(1e-9));
      assertThat(components(out).get("tool_selection_latency_p95_ms")).isCloseTo(0.5,
          within(1e-9));
    }
  }

  @Test
  void systemGaugesFeedTheMemoryAndCpuComponents() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.telemetry.meter().gaugeBuilder("victor.system.memory").ofLongs()
          .buildWithCallback(m -> m.record(3L << 29)); // 1.5 GiB
      metrics.telemetry.meter().gaugeBuilder("victor.system.cpu_percent")
          .buildWithCallback(m -> m.record(77.5));
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());
      assertThat(components(out)).containsOnlyKeys("memory_bytes", "cpu_percent");
      assertThat(components(out).get("memory_bytes")).isCloseTo(0.5, within(1e-9));
      assertThat(components(out).get("cpu_percent")).isCloseTo(0.5, within(1e-9));
      assertThat(gauge(out, "victor.performance.health_score", Attributes.empty()))
          .isCloseTo(50, within(1e-9));
    }
  }

  @Test
  void withoutTheExtensionsScopeNothingIsDerived() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
        .build()) {
      provider.get("someone.else").counterBuilder("victor.cache.operations").build()
          .add(5, Attributes.of(NAMESPACE, "x", AttributeKey.stringKey("operation"), "hit"));
      assertThat(reader.collectAllMetrics()).hasSize(1);
      assertThat(derived(MINUTE).derive(reader.collectAllMetrics())).isEmpty();
      assertThat(derived(MINUTE).derive(List.of())).isEmpty();
    }
  }

  @Test
  void otherScopesAreIgnored() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      metrics.cache("tools", 1, 1, 0);
      metrics.meterProvider.get("someone.else").counterBuilder("victor.cache.operations").build()
          .add(100, Attributes.of(NAMESPACE, "tools", AttributeKey.stringKey("operation"), "hit"));
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());
      assertThat(sum(out, "victor.cache.hits", ns("tools"))).isEqualTo(1);
      assertThat(gauge(out, "victor.cache.hit_rate", ns("tools"))).isCloseTo(0.5, within(1e-9));
    }
  }

  @Test
  void withOnlyTheExtensionsOwnSeriesTheScoreIsOneHundredWithoutComponents() {
    try (TestMetrics metrics = TestMetrics.cumulative()) {
      List<MetricData> out = derived(MINUTE).derive(metrics.collect());
      assertThat(gauge(out, "victor.performance.health_score", Attributes.empty()))
          .isEqualTo(100.0);
      assertThat(components(out)).isEmpty();
      assertThat(metric(out, "victor.cache.hit_rate")).isNull();
    }
  }

  /** Runs the same traffic through a reader and returns each collection's derived metrics. */
  private static List<List<MetricData>> run(TestMetrics metrics, long windowNanos,
      List<Runnable> batches) {
    DerivedMetrics derived = derived(windowNanos);
    List<List<MetricData>> outputs = new ArrayList<>();
    for (Runnable batch : batches) {
      batch.run();
      metrics.advance(10);
      outputs.add(derived.derive(metrics.collect()));
    }
    return outputs;
  }

  private static void assertSameRatios(List<MetricData> delta, List<MetricData> cumulative,
      String name, Attributes attributes) {
    Double expected = gauge(cumulative, name, attributes);
    assertThat(expected).as("cumulative " + name + attributes).isNotNull();
    assertThat(gauge(delta, name, attributes)).as("delta " + name + attributes)
        .isNotNull()
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void deltaTemporalityGivesTheSameRatiosAsCumulative() {
    try (TestMetrics cumulative = TestMetrics.cumulative();
        TestMetrics delta = TestMetrics.delta()) {
      List<List<List<MetricData>>> results = new ArrayList<>();
      for (TestMetrics metrics : List.of(cumulative, delta)) {
        results.add(run(metrics, TimeUnit.SECONDS.toNanos(15), List.of(
            () -> {
              metrics.cache("tools", 3, 1, 1);
              metrics.tool("search", "success", 3, 10);
              metrics.tool("search", "error", 1, 10);
              metrics.provider("openai", "gpt-4o", null, 3);
              metrics.provider("openai", "gpt-4o", "timeout", 1);
              metrics.selection("query", true, 3, 0.2);
              metrics.selection(null, false, 1, 0.2);
            },
            () -> {
              metrics.cache("tools", 1, 3, 1);
              metrics.tool("search", "success", 1, 10);
              metrics.tool("search", "error", 3, 10);
              metrics.provider("openai", "gpt-4o", null, 1);
              metrics.provider("openai", "gpt-4o", "timeout", 3);
              metrics.selection("query", true, 1, 0.2);
              metrics.selection(null, false, 3, 0.2);
            })));
      }
      for (int i = 0; i < 2; i++) {
        List<MetricData> c = results.get(0).get(i);
        List<MetricData> d = results.get(1).get(i);
        assertSameRatios(d, c, "victor.cache.hit_rate", ns("tools"));
        assertSameRatios(d, c, "victor.cache.hit_rate", ns("overall"));
        assertSameRatios(d, c, "victor.tool.error_rate", Attributes.of(TOOL, "search"));
        assertSameRatios(d, c, "victor.provider.error_rate", Attributes.of(PROVIDER, "openai"));
        assertSameRatios(d, c, "victor.provider.health", Attributes.of(PROVIDER, "openai"));
        assertSameRatios(d, c, "victor.tool_selection.miss_rate", Attributes.empty());
        assertSameRatios(d, c, "victor.performance.health_score", Attributes.empty());
      }
      // The second window holds only the second batch: 1 hit in 4 lookups.
      assertThat(gauge(results.get(1).get(1), "victor.cache.hit_rate", ns("tools")))
          .isCloseTo(0.25, within(1e-9));
      // Delta counters carry the interval's count and say so.
      MetricData hits = metric(results.get(1).get(1), "victor.cache.hits");
      assertThat(hits.getLongSumData().getAggregationTemporality())
          .isEqualTo(AggregationTemporality.DELTA);
      assertThat(sum(results.get(1).get(1), "victor.cache.hits", ns("tools"))).isEqualTo(1);
      assertThat(sum(results.get(0).get(1), "victor.cache.hits", ns("tools"))).isEqualTo(4);
    }
  }

  /**
   * With delta temporality a series without new data since the last collection has no point,
   * but its earlier data may still be inside the window. The ratios must not depend on that.
   * Window 25 s, a collection every 10 s: at t=30 the window's baseline is the t=10 collection,
   * so the window holds 2 hits (t=20) and 2 + 4 misses (t=20, t=30): 2/8 whatever the
   * temporality, although the delta collection at t=30 has no hit point. A quiet collection
   * after that must keep a hit rate too, rather than drop it.
   */
  @Test
  void deltaTemporalityCountsSeriesWithoutNewPointsInTheWindow() {
    try (TestMetrics cumulative = TestMetrics.cumulative();
        TestMetrics delta = TestMetrics.delta()) {
      List<List<List<MetricData>>> results = new ArrayList<>();
      for (TestMetrics metrics : List.of(cumulative, delta)) {
        results.add(run(metrics, TimeUnit.SECONDS.toNanos(25), List.of(
            () -> metrics.cache("tools", 3, 1, 0),
            () -> metrics.cache("tools", 2, 2, 0),
            () -> metrics.cache("tools", 0, 4, 0),
            () -> { })));
      }
      assertThat(gauge(results.get(0).get(2), "victor.cache.hit_rate", ns("tools")))
          .isCloseTo(2 / 8.0, within(1e-9));
      assertSameRatios(results.get(1).get(2), results.get(0).get(2), "victor.cache.hit_rate",
          ns("tools"));
      assertSameRatios(results.get(1).get(3), results.get(0).get(3), "victor.cache.hit_rate",
          ns("tools"));
    }
  }
}
