package ai.victor.otel.bench;

import ai.victor.otel.bench.exporter.DiscardExporters;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor: the bare SDK operations the advice performs, on an SDK set up like the agent's (a
 * periodic reader, a batch span processor, discarding exporters), without the agent. What the
 * extension adds beyond the sum of these is its own bookkeeping.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SdkFloorBenchmark {
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");

  private SdkMeterProvider meterProvider;
  private SdkTracerProvider tracerProvider;
  private LongCounter counter;
  private DoubleHistogram histogram;
  private Tracer tracer;
  private Attributes hit;
  private Attributes latency;
  private String namespace;

  @Setup
  public void setUp() {
    meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(PeriodicMetricReader.builder(DiscardExporters.metrics())
            .setInterval(Duration.ofSeconds(60)).build())
        .build();
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(DiscardExporters.spans()).build())
        .build();
    counter = meterProvider.get("floor").counterBuilder("victor.cache.operations").build();
    histogram = meterProvider.get("floor").histogramBuilder("victor.cache.operation.latency_ms")
        .setExplicitBucketBoundariesAdvice(Arrays.asList(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 25.0))
        .build();
    tracer = tracerProvider.get("floor");
    namespace = "tools";
    hit = Attributes.of(NAMESPACE, namespace, OPERATION, "hit");
    latency = Attributes.of(NAMESPACE, namespace);
  }

  @TearDown
  public void tearDown() {
    meterProvider.close();
    tracerProvider.close();
  }

  /** What a cache lookup's advice records: one add with attributes built in advance. */
  @Benchmark
  public void counterAdd() {
    counter.add(1, hit);
  }

  /** The same add with its attributes built per call: what pre-building avoids. */
  @Benchmark
  public void counterAddBuildingAttributes() {
    counter.add(1, Attributes.of(NAMESPACE, namespace, OPERATION, "hit"));
  }

  @Benchmark
  public void histogramRecord() {
    histogram.record(0.0021, latency);
  }

  /** Timing a call: why only a sample of cache lookups is timed. */
  @Benchmark
  public long nanoTimePair() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  @Benchmark
  public void spanStartEnd() {
    tracer.spanBuilder("execute_tool weather").startSpan().end();
  }

  /** A span made current for the call's duration, as the tool and provider advice do. */
  @Benchmark
  public void spanWithScope() {
    Span span = tracer.spanBuilder("execute_tool weather").startSpan();
    try (Scope scope = Context.current().with(span).makeCurrent()) {
      span.setAttribute(OPERATION, "execute_tool");
    }
    span.end();
  }
}
