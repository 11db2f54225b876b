package ai.victor.otel.agent;

import ai.victor.otel.agent.endpoint.Endpoint;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.CacheCounters;
import ai.victor.otel.core.recording.CacheGauges;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Telemetry;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * Starts what runs beside the instrumentation: system metrics, the cache-size gauges and the
 * cache operations counter of every class loader (registered here, once, so that the callbacks
 * live as long as the agent), the startup signal and, when enabled, the endpoint.
 */
@AutoService(AgentListener.class)
public final class VictorAgentListener implements AgentListener {
  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    AgentCompatibility.checkAtStart();
    Telemetry telemetry = Telemetry.get();
    SystemMetrics.register(telemetry.meter());
    CacheGauges.register(telemetry);
    CacheCounters.register(telemetry);
    for (Target target : telemetry.config().targets(Role.BOOTSTRAP)) {
      if ("startup".equals(target.phase())) {
        // Until the startup method returns; its exit advice sets 0 and the startup time.
        Recorders.startupInProgress(telemetry);
        break;
      }
    }
    // After the startup signal, so that readiness never sees a moment without it.
    Endpoint.startPrepared();
  }
}
