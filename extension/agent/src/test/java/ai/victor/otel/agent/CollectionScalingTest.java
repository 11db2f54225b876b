package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.config.ConfigSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Goal G7's collection half (docs/performance.md): the time to collect, derived metrics included,
 * grows no worse than linearly with the number of recorded series. The extension caps its own
 * labels (32 values by default), so these series counts only arise from many instances of the
 * metrics or a raised cap; the SDK's own limit is raised here so that every key is kept.
 *
 * <p>Each size is timed as the median of a few collections after a first one. From 10k to 50k
 * keys a linear cost gives a ratio of 5; the bound, twice that, leaves room for a noisy machine
 * while a quadratic cost (25) fails. From 1k to 10k the per-key cost steps up once the series no
 * longer fit in the CPU caches (measured 5-30 us/key at 1k, 40-80 us/key at 10k on a loaded
 * 2-core machine), so that step is printed, not asserted.
 */
class CollectionScalingTest {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

  @Test
  void collectionTimeGrowsLinearlyWithRecordedKeys() {
    long t1k = medianCollectNanos(1_000, true);
    long t10k = medianCollectNanos(10_000, true);
    long t50k = medianCollectNanos(50_000, true);
    long sdk50k = medianCollectNanos(50_000, false);
    String figures = String.format("collection with derived metrics: 1k keys %.2f ms, 10k %.2f ms,"
        + " 50k %.2f ms (the SDK alone, 50k: %.2f ms)", t1k / 1e6, t10k / 1e6, t50k / 1e6,
        sdk50k / 1e6);
    System.out.println(figures);

    assertThat((double) t50k / t10k).as(figures).isLessThan(10);
  }

  /** Records {@code keys} distinct series, half cache operations and half tool durations. */
  private static long medianCollectNanos(int keys, boolean deriving) {
    InMemoryMetricReader inner = InMemoryMetricReader.create();
    MetricReader reader = !deriving ? inner : new DerivingMetricReader(inner,
        new DerivedMetrics(TimeUnit.MINUTES.toNanos(1), new HealthScore(ConfigSource.of(Map.of()))),
        List.of(), TimeUnit.DAYS.toSeconds(365));
    try (SdkMeterProvider provider = SdkMeterProvider.builder()
        .registerMetricReader(reader, type -> keys + 10)
        .build()) {
      Meter meter = provider.get("ai.victor.otel");
      LongCounter operations = meter.counterBuilder("victor.cache.operations").build();
      DoubleHistogram durations = meter.histogramBuilder("victor.tool.duration_ms").build();
      for (int i = 0; i < keys / 2; i++) {
        operations.add(1, Attributes.of(NAMESPACE, "ns-" + i, OPERATION, i % 2 == 0 ? "hit" : "miss"));
        durations.record(5, Attributes.of(TOOL, "tool-" + i, STATUS, "success"));
      }
      Collection<MetricData> first = inner.collectAllMetrics();
      if (deriving) {
        assertThat(first).extracting(MetricData::getName).contains("victor.cache.hit_rate");
      }
      long[] times = new long[keys > 10_000 ? 3 : 5];
      for (int round = 0; round < 1 + times.length; round++) {
        long start = System.nanoTime();
        inner.collectAllMetrics();
        if (round >= 1) {
          times[round - 1] = System.nanoTime() - start;
        }
      }
      Arrays.sort(times);
      return times[times.length / 2];
    }
  }
}
