package ai.victor.otel.agent;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.core.recording.TokenUsage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.time.TestClock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A meter provider on a test clock with one in-memory reader, a {@link Telemetry} recording into
 * it through the core's recorders, and look-ups of collected or derived values.
 */
final class TestMetrics implements AutoCloseable {
  final TestClock clock = TestClock.create();
  final InMemoryMetricReader reader;
  final SdkMeterProvider meterProvider;
  final OpenTelemetrySdk sdk;
  final Telemetry telemetry;
  // One recorder per name, as the core's Calls classes keep them: creating a recorder records.
  private final Map<String, Recorders.CacheRecorder> caches = new HashMap<>();
  private final Map<String, Recorders.ToolRecorder> tools = new HashMap<>();
  private final Map<String, Recorders.ProviderRecorder> providers = new HashMap<>();
  private Recorders.SelectionRecorder selections;

  TestMetrics(InMemoryMetricReader reader) {
    this(reader, reader);
  }

  /** Registers {@code registered} (which may wrap {@code reader}) with the meter provider. */
  TestMetrics(InMemoryMetricReader reader, MetricReader registered) {
    this.reader = reader;
    meterProvider = SdkMeterProvider.builder().setClock(clock).registerMetricReader(registered)
        .build();
    sdk = OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();
    telemetry = Telemetry.create(sdk, VictorConfig.load(ConfigSource.of(Map.of())));
  }

  static TestMetrics cumulative() {
    return new TestMetrics(InMemoryMetricReader.create());
  }

  static TestMetrics delta() {
    return new TestMetrics(InMemoryMetricReader.createDelta());
  }

  void advance(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  Collection<MetricData> collect() {
    return reader.collectAllMetrics();
  }

  @Override
  public void close() {
    meterProvider.close();
  }

  // ---- recording through the core's recorders ------------------------------------------------

  void cache(String namespace, int hits, int misses, int evictions) {
    Recorders.CacheRecorder cache =
        caches.computeIfAbsent(namespace, n -> Recorders.cache(telemetry, n));
    for (int i = 0; i < hits; i++) {
      cache.hit();
    }
    for (int i = 0; i < misses; i++) {
      cache.miss();
    }
    for (int i = 0; i < evictions; i++) {
      cache.eviction();
    }
  }

  /** Evictions a cache library reported with a cause (CacheRecorder.CAUSE_*). */
  void evictions(String namespace, int cause, int times) {
    Recorders.CacheRecorder cache =
        caches.computeIfAbsent(namespace, n -> Recorders.cache(telemetry, n));
    for (int i = 0; i < times; i++) {
      cache.eviction(cause);
    }
  }

  void tool(String name, String status, int times, double millis) {
    Recorders.ToolRecorder tool = tools.computeIfAbsent(name, n -> Recorders.tool(telemetry, n));
    for (int i = 0; i < times; i++) {
      Span span = tool.start(Context.root(), "function");
      tool.end(span, nanos(millis), status, null);
    }
  }

  /** {@code errorType} null for successful calls. */
  void provider(String provider, String model, String errorType, int times) {
    Recorders.ProviderRecorder recorder = providers.computeIfAbsent(provider + "/" + model,
        key -> telemetry.providerRecorder(provider, model));
    for (int i = 0; i < times; i++) {
      recorder.start(Context.root()).end(TokenUsage.NONE, errorType, null);
    }
  }

  void selection(String cacheType, boolean hit, int times, double millis) {
    if (selections == null) {
      selections = new Recorders.SelectionRecorder(telemetry);
    }
    Recorders.SelectionRecorder recorder = selections;
    for (int i = 0; i < times; i++) {
      recorder.record(nanos(millis), cacheType, hit, 3);
    }
  }

  private static long nanos(double millis) {
    return (long) (millis * TimeUnit.MILLISECONDS.toNanos(1));
  }

  // ---- look-ups ------------------------------------------------------------------------------

  static MetricData metric(Collection<MetricData> metrics, String name) {
    MetricData found = null;
    for (MetricData metric : metrics) {
      if (metric.getName().equals(name)) {
        if (found != null) {
          throw new AssertionError("two metrics named " + name);
        }
        found = metric;
      }
    }
    return found;
  }

  static PointData point(Collection<MetricData> metrics, String name, Attributes attributes) {
    MetricData metric = metric(metrics, name);
    if (metric == null) {
      return null;
    }
    for (PointData point : metric.getData().getPoints()) {
      if (point.getAttributes().equals(attributes)) {
        return point;
      }
    }
    return null;
  }

  /** A derived gauge's value, or null when absent. */
  static Double gauge(Collection<MetricData> metrics, String name, Attributes attributes) {
    PointData point = point(metrics, name, attributes);
    return point == null ? null : ((DoublePointData) point).getValue();
  }

  /** A counter's value, or null when absent. */
  static Long sum(Collection<MetricData> metrics, String name, Attributes attributes) {
    PointData point = point(metrics, name, attributes);
    return point == null ? null : ((LongPointData) point).getValue();
  }
}
