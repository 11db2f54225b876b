package ai.victor.otel.bench.exporter;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * {@code otel.traces.exporter=discard}: the agent keeps its real batch span processor, and the
 * exporter at its end drops the batches. The per-call cost of a span is then what an application
 * pays with any exporter; the export itself (serialization, network) happens on the processor's
 * thread and is left out on purpose, because it is not the extension's.
 */
public final class DiscardSpanExporterProvider implements ConfigurableSpanExporterProvider {
  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return DiscardExporters.spans();
  }

  @Override
  public String getName() {
    return DiscardExporters.NAME;
  }
}
