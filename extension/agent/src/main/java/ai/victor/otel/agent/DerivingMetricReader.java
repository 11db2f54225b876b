package ai.victor.otel.agent;

import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps each metric reader the agent configures (OTLP, Prometheus...) so that every collection it
 * makes also carries the derived series computed from that same collection. Nothing runs on a
 * thread of its own and nothing is recorded twice: derivation happens when, and only when, a
 * reader collects.
 */
final class DerivingMetricReader implements MetricReader {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private final MetricReader delegate;
  private final DerivedMetrics derived;
  private final List<Target> targets;
  private final long unmatchedReportSeconds;
  private volatile boolean unmatchedReported;

  DerivingMetricReader(MetricReader delegate, DerivedMetrics derived, List<Target> targets,
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
        reportUnmatchedTargetsOnce();
        try {
          List<MetricData> extra = derived.derive(collected);
          if (extra.isEmpty()) {
            return collected;
          }
          List<MetricData> all = new ArrayList<>(collected.size() + extra.size());
          all.addAll(collected);
          all.addAll(extra);
          return all;
        } catch (RuntimeException e) {
          logger.log(Level.WARNING, "victor-otel: deriving metrics failed; exporting the"
              + " collected metrics without them", e);
          return collected;
        }
      }
    });
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
