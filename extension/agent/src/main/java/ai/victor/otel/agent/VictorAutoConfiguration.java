package ai.victor.otel.agent;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import com.google.auto.service.AutoService;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.concurrent.TimeUnit;

/** Hooks the derived series into every metric reader the agent configures. */
@AutoService(AutoConfigurationCustomizerProvider.class)
public final class VictorAutoConfiguration implements AutoConfigurationCustomizerProvider {
  static final String UNMATCHED_REPORT = "victor.otel.config.report-unmatched-after-seconds";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    ConfigSource source = ConfigSource.fromEnvironment();
    VictorConfig config = VictorConfig.load(source);
    HealthScore health = new HealthScore(source);
    // One derivation per reader: each has its own collection cadence and temporality.
    customizer.addMetricReaderCustomizer((reader, properties) -> {
      DerivedMetrics derived = new DerivedMetrics(
          TimeUnit.SECONDS.toNanos(config.derivedWindowSeconds()), health);
      return new DerivingMetricReader(reader, derived, config.targets(),
          properties.getLong(UNMATCHED_REPORT, 60));
    });
  }
}
