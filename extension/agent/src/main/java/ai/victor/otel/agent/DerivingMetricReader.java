package ai.victor.otel.agent;

import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps each metric reader the agent configures (OTLP, Prometheus...) so that every collection it
 * makes also carries the derived series computed from that same collection. Nothing runs on a
 * thread of its own and nothing is recorded twice: derivation happens when, and only when, a
 * reader collects.
 *
 * <p>The derivation runs on the exporter's thread (the Prometheus scrape, the periodic reader), so
 * it must never fail the collection: whatever it throws, the collected metrics are returned
 * unchanged. A {@link LinkageError} (an agent whose SDK lacks something the derivation needs)
 * cannot heal, so the derived series stand down for the whole JVM on the first one, with one
 * WARNING and one count in {@code victor_otel_failures_total{role="derived"}}.
 */
final class DerivingMetricReader implements MetricReader {
  static final String ROLE = "derived";
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  /** JVM-wide: every reader derives with the same SDK, so one LinkageError stands all down. */
  private static final AtomicBoolean stoodDown = new AtomicBoolean();
  private final MetricReader delegate;
  private final Function<Collection<MetricData>, List<MetricData>> derived;
  private final List<Target> targets;
  private final long unmatchedReportSeconds;
  private volatile boolean unmatchedReported;

  DerivingMetricReader(MetricReader delegate, DerivedMetrics derived, List<Target> targets,
      long unmatchedReportSeconds) {
    this(delegate, derived::derive, targets, unmatchedReportSeconds);
  }

  DerivingMetricReader(MetricReader delegate,
      Function<Collection<MetricData>, List<MetricData>> derived, List<Target> targets,
      long unmatchedReportSeconds) {
    this.delegate = delegate;
    this.derived = derived;
    this.targets = targets;
    this.unmatchedReportSeconds = unmatchedReportSeconds;
  }

  @Override
  public void register(CollectionRegistration registration) {
    delegate.register(new CollectionRegistration() {
      @Override
      public Collection<MetricData> collectAllMetrics() {
        Collection<MetricData> collected = registration.collectAllMetrics();
        if (stoodDown.get()) {
          return collected;
        }
        try {
          reportUnmatchedTargetsOnce();
          List<MetricData> extra = derived.apply(collected);
          if (extra.isEmpty()) {
            return collected;
          }
          List<MetricData> all = new ArrayList<>(collected.size() + extra.size());
          all.addAll(collected);
          all.addAll(extra);
          return all;
        } catch (LinkageError e) {
          standDown(e);
          return collected;
        } catch (Throwable t) {
          failed(t);
          return collected;
        }
      }
    });
  }

  /** Switches the derived series off for the JVM, once; never throws. */
  private static void standDown(LinkageError e) {
    if (!stoodDown.compareAndSet(false, true)) {
      return;
    }
    try {
      logger.log(Level.WARNING, "victor-otel: the derived series (hit rates, error rates, health"
          + " score) stand down: this agent's SDK lacks what they need (" + e + "). The agent's"
          + " metrics and every other victor series keep being exported; supported agents are"
          + " listed in README.md. Counted in victor_otel_failures_total{role=\"" + ROLE + "\"}.");
      Telemetry.get().failures().count(ROLE);
    } catch (Throwable ignored) {
      // Reporting the stand-down must not fail the collection.
    }
  }

  private static void failed(Throwable t) {
    try {
      Telemetry.get().failures().record(ROLE, t);
    } catch (Throwable ignored) {
      // Reporting a failure must not fail the collection.
    }
  }

  /** For tests: whether the derived series stood down, and to start over. */
  static boolean stoodDown() {
    return stoodDown.get();
  }

  static void resetStandDown() {
    stoodDown.set(false);
  }

  private void reportUnmatchedTargetsOnce() {
    if (!unmatchedReported && ManagementFactory.getRuntimeMXBean().getUptime()
        >= unmatchedReportSeconds * 1000) {
      unmatchedReported = true;
      TargetMatches.reportUnmatched(targets, unmatchedReportSeconds);
    }
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "DerivingMetricReader{" + delegate + "}";
  }
}
