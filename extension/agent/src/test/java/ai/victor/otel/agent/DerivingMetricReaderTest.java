package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
import ai.victor.otel.core.config.VictorConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DerivingMetricReaderTest {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final long NEVER = TimeUnit.DAYS.toSeconds(365);

  private static DerivedMetrics derived() {
    return new DerivedMetrics(TimeUnit.MINUTES.toNanos(1),
        new HealthScore(ConfigSource.of(Map.of())));
  }

  private static DerivingMetricReader wrap(InMemoryMetricReader inner) {
    return new DerivingMetricReader(inner, derived(), List.of(), NEVER);
  }

  private static Set<String> names(Collection<MetricData> metrics) {
    return metrics.stream().map(MetricData::getName).collect(Collectors.toSet());
  }

  @Test
  void collectionsThroughTheWrappedReaderCarryTheDerivedMetrics() {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    try (TestMetrics metrics = new TestMetrics(inner, wrap(inner))) {
      metrics.cache("tools", 3, 1, 2);
      metrics.tool("search", "success", 2, 10);
      Collection<MetricData> all = inner.collectAllMetrics();

      assertThat(names(all)).contains("victor.cache.operations", "victor.tool.duration_ms",
          "victor.cache.hits", "victor.cache.evictions", "victor.cache.hit_rate",
          "victor.tool.executions", "victor.tool.error_rate", "victor.performance.health_score",
          "victor.performance.health_component");
      assertThat(TestMetrics.gauge(all, "victor.cache.hit_rate", Attributes.of(NAMESPACE, "tools")))
          .isCloseTo(0.75, within(1e-9));
      assertThat(TestMetrics.sum(all, "victor.cache.evictions", Attributes.of(NAMESPACE, "tools")))
          .isEqualTo(2);
      // Each derived metric once, beside every collected one.
      assertThat(all).hasSize(names(all).size());
      long derivedCount = all.stream().filter(m -> m instanceof DerivedMetricData).count();
      assertThat(derivedCount).isGreaterThanOrEqualTo(7);
      assertThat(all.stream().filter(m -> !(m instanceof DerivedMetricData)).map(
          MetricData::getName)).contains("victor.cache.operations", "victor.tool.duration_ms",
          "victor.tool.concurrent_executions", "victor.otel.failures");
    }
  }

  @Test
  void derivedRatiosFollowSuccessiveCollections() {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    DerivingMetricReader reader = new DerivingMetricReader(inner,
        new DerivedMetrics(TimeUnit.SECONDS.toNanos(10), new HealthScore(ConfigSource.of(
            Map.of()))), List.of(), NEVER);
    try (TestMetrics metrics = new TestMetrics(inner, reader)) {
      metrics.cache("tools", 4, 0, 0);
      metrics.advance(1);
      assertThat(TestMetrics.gauge(inner.collectAllMetrics(), "victor.cache.hit_rate",
          Attributes.of(NAMESPACE, "tools"))).isEqualTo(1.0);
      metrics.advance(30);
      metrics.cache("tools", 0, 4, 0);
      assertThat(TestMetrics.gauge(inner.collectAllMetrics(), "victor.cache.hit_rate",
          Attributes.of(NAMESPACE, "tools"))).isEqualTo(0.0);
    }
  }

  @Test
  void withoutTheExtensionsMetricsTheCollectionIsUnchanged() {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(wrap(inner))
        .build()) {
      provider.get("other").counterBuilder("requests").build().add(3);
      Collection<MetricData> all = inner.collectAllMetrics();
      assertThat(names(all)).containsExactly("requests");
    }
  }

  @Test
  void aFailingDerivationExportsTheCollectedMetricsAlone() {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    // No health score: deriving throws once it reaches the score.
    DerivingMetricReader reader = new DerivingMetricReader(inner,
        new DerivedMetrics(TimeUnit.MINUTES.toNanos(1), null), List.of(), NEVER);
    try (TestMetrics metrics = new TestMetrics(inner, reader)) {
      metrics.cache("tools", 1, 1, 0);
      Collection<MetricData> all = inner.collectAllMetrics();
      assertThat(names(all)).contains("victor.cache.operations");
      assertThat(all).noneMatch(m -> m instanceof DerivedMetricData);
    }
  }

  @Test
  void temporalityAggregationAndMemoryModeAreTheDelegates() {
    InMemoryMetricReader delta = InMemoryMetricReader.builder()
        .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
        .setDefaultAggregationSelector(type -> type == InstrumentType.HISTOGRAM
            ? Aggregation.base2ExponentialBucketHistogram() : Aggregation.defaultAggregation())
        .setMemoryMode(MemoryMode.REUSABLE_DATA)
        .build();
    DerivingMetricReader reader = wrap(delta);
    assertThat(reader.getAggregationTemporality(InstrumentType.COUNTER))
        .isEqualTo(AggregationTemporality.DELTA);
    assertThat(reader.getAggregationTemporality(InstrumentType.UP_DOWN_COUNTER))
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(reader.getDefaultAggregation(InstrumentType.HISTOGRAM))
        .isEqualTo(delta.getDefaultAggregation(InstrumentType.HISTOGRAM))
        .isNotEqualTo(Aggregation.defaultAggregation());
    assertThat(reader.getMemoryMode()).isEqualTo(MemoryMode.REUSABLE_DATA);

    InMemoryMetricReader cumulative = InMemoryMetricReader.create();
    DerivingMetricReader other = wrap(cumulative);
    assertThat(other.getAggregationTemporality(InstrumentType.COUNTER))
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(other.getMemoryMode()).isEqualTo(cumulative.getMemoryMode());
    assertThat(other.toString()).contains(cumulative.toString());
  }

  @Test
  void flushAndShutdownAreDelegated() {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    DerivingMetricReader reader = wrap(inner);
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
        .build()) {
      provider.get("ai.victor.otel").counterBuilder("victor.otel.failures").build().add(1);
      assertThat(reader.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(reader.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(inner.collectAllMetrics()).isEmpty(); // the delegate itself was shut down
    }
  }

  private static List<Target> unmatchedTarget(String id) {
    VictorConfig config = VictorConfig.load(ConfigSource.of(Map.of(
        "victor.otel.targets", id,
        "victor.otel.target." + id + ".role", "tool",
        "victor.otel.target." + id + ".type", "com.example.never.Loaded" + id.replace('-', '_'),
        "victor.otel.target." + id + ".methods", "run")));
    assertThat(config.targets()).hasSize(1);
    return config.targets();
  }

  @Test
  void unmatchedTargetsAreReportedOnceTheDelayHasPassed() {
    List<Target> due = unmatchedTarget("deriving-reader-due");
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(
        new DerivingMetricReader(inner, derived(), due, 0)).build()) {
      inner.collectAllMetrics();
      // Already reported by the collection, so not again.
      assertThat(TargetMatches.reportUnmatched(due, 0)).isEmpty();
    }

    List<Target> notYet = unmatchedTarget("deriving-reader-not-yet");
    InMemoryMetricReader other = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(
        new DerivingMetricReader(other, derived(), notYet, NEVER)).build()) {
      other.collectAllMetrics();
      assertThat(TargetMatches.reportUnmatched(notYet, 0)).hasSize(1);
    }
  }

  /**
   * Agent 2.10.0's SDK lacks LongPointData.create: the derivation threw NoSuchMethodError on the
   * Prometheus scrape thread, and the agent served no metric at all. Now the collection goes on
   * without the derived series, which stand down for the JVM with one WARNING.
   */
  @Test
  void aLinkageErrorStandsTheDerivedSeriesDownAndTheCollectionGoesOn() {
    DerivingMetricReader.resetStandDown();
    java.util.concurrent.atomic.AtomicInteger derivations =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Function<Collection<MetricData>, List<MetricData>> failing = collected -> {
      derivations.incrementAndGet();
      throw new NoSuchMethodError("'io.opentelemetry.sdk.metrics.data.LongPointData"
          + " io.opentelemetry.sdk.metrics.data.LongPointData.create(long, long, Attributes,"
          + " long)'");
    };
    InMemoryMetricReader first = InMemoryMetricReader.create();
    InMemoryMetricReader second = InMemoryMetricReader.create();
    List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("ai.victor.otel");
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try (TestMetrics one = new TestMetrics(first,
            new DerivingMetricReader(first, failing, List.of(), NEVER));
        TestMetrics two = new TestMetrics(second,
            new DerivingMetricReader(second, failing, List.of(), NEVER))) {
      one.cache("tools", 3, 1, 0);
      two.cache("tools", 2, 0, 0);

      assertThat(names(first.collectAllMetrics())).contains("victor.cache.operations");
      assertThat(names(first.collectAllMetrics())).contains("victor.cache.operations")
          .doesNotContain("victor.cache.hit_rate");
      assertThat(names(second.collectAllMetrics())).contains("victor.cache.operations");

      assertThat(derivations).hasValue(1);
      assertThat(DerivingMetricReader.stoodDown()).isTrue();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getMessage()).contains("derived series", "stand down",
          "LongPointData.create", "README.md", "role=\"derived\"");
    } finally {
      logger.removeHandler(handler);
      DerivingMetricReader.resetStandDown();
    }
  }
}
