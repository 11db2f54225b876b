package ai.victor.otel.agent.endpoint;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A pull metric reader that collects when the endpoint asks, not on a schedule. Registered beside
 * the agent's own readers (and wrapped, like them, in the deriving reader), it reads the very
 * instruments the exporters read, through the same derivation code: the endpoint's numbers are
 * the exported ones. Cumulative whatever the exporters use, so a snapshot holds totals.
 *
 * <p>A request within {@code minIntervalMillis} of the last collection reuses it: probes and
 * scrapes from several clients cost at most one collection per interval.
 */
public final class SnapshotReader implements MetricReader {
  /** A health input the derivation reports that the score does not use (see DerivedMetrics). */
  public static final String PROVIDER_LATENCY_INPUT = "provider_latency_p95_ms";

  private final long minIntervalNanos;
  private final Supplier<Map<String, Double>> healthInputs;
  private final Traffic traffic;
  private volatile CollectionRegistration registration;
  private Snapshot last; // guarded by this
  private long lastNanos; // guarded by this

  /**
   * @param healthInputs the health-score inputs of the latest derivation on this reader's data
   * @param windowMillis the derivation window, for telling live rates from lifetime fallbacks
   */
  public SnapshotReader(long minIntervalMillis, long windowMillis,
      Supplier<Map<String, Double>> healthInputs) {
    this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(minIntervalMillis);
    this.healthInputs = healthInputs;
    this.traffic = new Traffic(windowMillis);
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  /** The latest snapshot, collecting a new one when the last is older than the interval. */
  synchronized Snapshot snapshot() {
    long now = System.nanoTime();
    if (last != null && now - lastNanos < minIntervalNanos) {
      return last;
    }
    CollectionRegistration current = registration;
    Collection<MetricData> collected = current == null
        ? Collections.<MetricData>emptyList() : current.collectAllMetrics();
    Map<String, Double> inputs = new HashMap<>(healthInputs.get());
    long epochMillis = System.currentTimeMillis();
    Set<String> active = traffic.update(
        new Snapshot(epochMillis, collected, inputs, Collections.<String>emptySet()));
    last = new Snapshot(epochMillis, collected, inputs, active);
    lastNanos = now;
    return last;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "SnapshotReader{victor-otel endpoint}";
  }
}
