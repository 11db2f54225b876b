package ai.victor.otel.bench.exporter;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/**
 * {@code otel.metrics.exporter=discard}: unlike {@code none}, which makes the agent hand out
 * no-op meters, this keeps the real SDK meter provider and periodic reader, so instruments
 * aggregate as in production and only the export is dropped.
 */
public final class DiscardMetricExporterProvider implements ConfigurableMetricExporterProvider {
  @Override
  public MetricExporter createExporter(ConfigProperties config) {
    return DiscardExporters.metrics();
  }

  @Override
  public String getName() {
    return DiscardExporters.NAME;
  }
}
