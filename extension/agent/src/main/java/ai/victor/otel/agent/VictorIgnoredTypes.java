package ai.victor.otel.agent;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * The extension's own JVM-wide classes ({@code ai.victor.otel.bootstrap}, appended to the
 * bootstrap class path by {@link BootstrapJar}) are never instrumented: some are loaded before
 * the agent installs its transformer, and its type pool cannot describe a class of an appended
 * bootstrap jar, which the agent would report as an instrumentation error at every start.
 */
@AutoService(IgnoredTypesConfigurer.class)
public final class VictorIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder) {
    builder.ignoreClass("ai.victor.otel.bootstrap.");
  }

  /** The form older agents call. */
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
