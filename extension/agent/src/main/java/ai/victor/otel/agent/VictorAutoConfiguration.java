package ai.victor.otel.agent;

import ai.victor.otel.agent.endpoint.Endpoint;
import ai.victor.otel.agent.endpoint.EndpointSettings;
import ai.victor.otel.agent.endpoint.SnapshotReader;
import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.VictorConfig;
import com.google.auto.service.AutoService;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Hooks the derived series into every metric reader the agent configures, and gives the agent's
 * HTTP server duration histogram buckets that reach LLM latencies ({@link HttpServerDurationView}).
 */
@AutoService(AutoConfigurationCustomizerProvider.class)
public final class VictorAutoConfiguration implements AutoConfigurationCustomizerProvider {
  static final String UNMATCHED_REPORT = "victor.otel.config.report-unmatched-after-seconds";
  private static final Logger logger = Logger.getLogger("ai.victor.otel");

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    AgentCompatibility.customizerApplied();
    ConfigSource source = ConfigSource.fromEnvironment();
    VictorConfig config = VictorConfig.load(source);
    HealthScore health = new HealthScore(source);
    customizer.addMeterProviderCustomizer(
        (builder, properties) -> HttpServerDurationView.register(builder));
    // One derivation per reader: each has its own collection cadence and temporality.
    customizer.addMetricReaderCustomizer((reader, properties) -> {
      DerivedMetrics derived = new DerivedMetrics(
          TimeUnit.SECONDS.toNanos(config.derivedWindowSeconds()), health);
      return new DerivingMetricReader(reader, derived, config.targets(),
          properties.getLong(UNMATCHED_REPORT, 60));
    });
    EndpointSettings endpoint = EndpointSettings.load(source);
    for (String problem : endpoint.problems()) {
      logger.warning(problem);
    }
    if (endpoint.enabled()) {
      prepareEndpoint(customizer, config, health, endpoint);
    }
  }

  /**
   * The endpoint reads its own pull reader, registered beside the exporters' readers and derived
   * by the same code, so its numbers are the exported ones (docs/endpoints.md).
   */
  private static void prepareEndpoint(AutoConfigurationCustomizer customizer,
      VictorConfig config, HealthScore health, EndpointSettings endpoint) {
    DerivedMetrics derived = new DerivedMetrics(
        TimeUnit.SECONDS.toNanos(config.derivedWindowSeconds()), health);
    SnapshotReader snapshots = new SnapshotReader(endpoint.minCollectIntervalMillis(),
        TimeUnit.SECONDS.toMillis(config.derivedWindowSeconds()), derived::healthInputs);
    customizer.addMeterProviderCustomizer((builder, properties) -> builder.registerMetricReader(
        new DerivingMetricReader(snapshots, derived, config.targets(),
            properties.getLong(UNMATCHED_REPORT, 60))));
    Map<String, double[]> components = new LinkedHashMap<>();
    for (HealthScore.Component component : health.components().values()) {
      components.put(component.name,
          new double[] {component.target, component.critical, component.weight});
    }
    boolean startup = false;
    for (Target target : config.targets(Role.BOOTSTRAP)) {
      startup |= "startup".equals(target.phase());
    }
    Endpoint.prepare(endpoint, snapshots, components, startup);
  }
}
