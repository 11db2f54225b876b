package ai.victor.otel.agent;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.tooling.bootstrap.BootstrapPackagesBuilder;
import io.opentelemetry.javaagent.tooling.bootstrap.BootstrapPackagesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Declares {@code ai.victor.otel.bootstrap} a bootstrap package, so that class loaders which do
 * not delegate to the bootstrap class path by default (OSGi, JBoss Modules) are made to for it,
 * as they are for the agent's own bootstrap classes; and installs the package's jar
 * ({@link BootstrapJar}), this being among the first hooks the agent calls.
 */
@AutoService(BootstrapPackagesConfigurer.class)
public final class VictorBootstrapPackages implements BootstrapPackagesConfigurer {
  @Override
  public void configure(BootstrapPackagesBuilder builder) {
    BootstrapJar.install();
    builder.add("ai.victor.otel.bootstrap");
  }

  @Override
  public void configure(BootstrapPackagesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
