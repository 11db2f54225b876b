package ai.victor.otel.agent;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The points and data of the derived series, as the extension's own immutable values.
 *
 * <p>Why not the SDK's factories ({@code LongPointData.create}, {@code SumData.createLongSumData}
 * ...): they arrived in SDK 1.50, and an agent bundling an older SDK (2.10.0 bundles 1.44) throws
 * {@code NoSuchMethodError} from them on the exporter's thread, which took the agent's whole
 * Prometheus scrape down. The data interfaces themselves have been stable since 1.14, so
 * implementing them works on every agent of the supported range.
 */
final class Points {
  private Points() {}

  static LongPointData longPoint(long start, long now, Attributes attributes, long value) {
    return new LongPoint(start, now, attributes, value);
  }

  static DoublePointData doublePoint(long now, Attributes attributes, double value) {
    return new DoublePoint(now, attributes, value);
  }

  /** An empty histogram point: no observation yet, all bucket counts 0. */
  static HistogramPointData emptyHistogramPoint(long now, Attributes attributes,
      List<Double> boundaries) {
    return new EmptyHistogramPoint(now, attributes, boundaries);
  }

  static SumData<LongPointData> longSum(boolean monotonic, AggregationTemporality temporality,
      Collection<LongPointData> points) {
    return new LongSum(monotonic, temporality, points);
  }

  static GaugeData<DoublePointData> doubleGauge(Collection<DoublePointData> points) {
    return new DoubleGauge(points);
  }

  static HistogramData histogram(AggregationTemporality temporality,
      Collection<HistogramPointData> points) {
    return new Histogram(temporality, points);
  }

  private abstract static class Point {
    private final long start;
    private final long now;
    private final Attributes attributes;

    Point(long start, long now, Attributes attributes) {
      this.start = start;
      this.now = now;
      this.attributes = attributes;
    }

    public final long getStartEpochNanos() {
      return start;
    }

    public final long getEpochNanos() {
      return now;
    }

    public final Attributes getAttributes() {
      return attributes;
    }
  }

  private static final class LongPoint extends Point implements LongPointData {
    private final long value;

    LongPoint(long start, long now, Attributes attributes, long value) {
      super(start, now, attributes);
      this.value = value;
    }

    @Override
    public long getValue() {
      return value;
    }

    @Override
    public List<LongExemplarData> getExemplars() {
      return Collections.emptyList();
    }

    @Override
    public String toString() {
      return "LongPoint{" + getAttributes() + "=" + value + "}";
    }
  }

  private static final class DoublePoint extends Point implements DoublePointData {
    private final double value;

    DoublePoint(long now, Attributes attributes, double value) {
      super(now, now, attributes);
      this.value = value;
    }

    @Override
    public double getValue() {
      return value;
    }

    @Override
    public List<DoubleExemplarData> getExemplars() {
      return Collections.emptyList();
    }

    @Override
    public String toString() {
      return "DoublePoint{" + getAttributes() + "=" + value + "}";
    }
  }

  private static final class EmptyHistogramPoint extends Point implements HistogramPointData {
    private final List<Double> boundaries;
    private final List<Long> counts;

    EmptyHistogramPoint(long now, Attributes attributes, List<Double> boundaries) {
      super(now, now, attributes);
      this.boundaries = Collections.unmodifiableList(boundaries);
      this.counts = Collections.nCopies(boundaries.size() + 1, 0L);
    }

    @Override
    public double getSum() {
      return 0;
    }

    @Override
    public long getCount() {
      return 0;
    }

    @Override
    public boolean hasMin() {
      return false;
    }

    @Override
    public double getMin() {
      return 0;
    }

    @Override
    public boolean hasMax() {
      return false;
    }

    @Override
    public double getMax() {
      return 0;
    }

    @Override
    public List<Double> getBoundaries() {
      return boundaries;
    }

    @Override
    public List<Long> getCounts() {
      return counts;
    }

    @Override
    public List<DoubleExemplarData> getExemplars() {
      return Collections.emptyList();
    }
  }

  private static final class LongSum implements SumData<LongPointData> {
    private final boolean monotonic;
    private final AggregationTemporality temporality;
    private final Collection<LongPointData> points;

    LongSum(boolean monotonic, AggregationTemporality temporality,
        Collection<LongPointData> points) {
      this.monotonic = monotonic;
      this.temporality = temporality;
      this.points = Collections.unmodifiableCollection(points);
    }

    @Override
    public boolean isMonotonic() {
      return monotonic;
    }

    @Override
    public AggregationTemporality getAggregationTemporality() {
      return temporality;
    }

    @Override
    public Collection<LongPointData> getPoints() {
      return points;
    }
  }

  private static final class DoubleGauge implements GaugeData<DoublePointData> {
    private final Collection<DoublePointData> points;

    DoubleGauge(Collection<DoublePointData> points) {
      this.points = Collections.unmodifiableCollection(points);
    }

    @Override
    public Collection<DoublePointData> getPoints() {
      return points;
    }
  }

  private static final class Histogram implements HistogramData {
    private final AggregationTemporality temporality;
    private final Collection<HistogramPointData> points;

    Histogram(AggregationTemporality temporality, Collection<HistogramPointData> points) {
      this.temporality = temporality;
      this.points = Collections.unmodifiableCollection(points);
    }

    @Override
    public AggregationTemporality getAggregationTemporality() {
      return temporality;
    }

    @Override
    public Collection<HistogramPointData> getPoints() {
      return points;
    }
  }
}
