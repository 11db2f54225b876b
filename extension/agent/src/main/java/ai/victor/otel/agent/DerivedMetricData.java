package ai.victor.otel.agent;

import ai.victor.otel.core.Metric;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;

/** A metric computed by {@link DerivedMetrics}, exported beside the collected ones. */
final class DerivedMetricData implements MetricData {
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final Metric metric;
  private final MetricDataType type;
  private final Data<?> data;

  DerivedMetricData(Resource resource, InstrumentationScopeInfo scope, Metric metric,
      MetricDataType type, Data<?> data) {
    this.resource = resource;
    this.scope = scope;
    this.metric = metric;
    this.type = type;
    this.data = data;
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public String getName() {
    return metric.otelName();
  }

  @Override
  public String getDescription() {
    return metric.description();
  }

  @Override
  public String getUnit() {
    return metric.unit();
  }

  @Override
  public MetricDataType getType() {
    return type;
  }

  @Override
  public Data<?> getData() {
    return data;
  }

  @Override
  public String toString() {
    return "DerivedMetricData{" + metric.otelName() + ", " + data.getPoints() + "}";
  }
}
