package io.opentelemetry.javaagent.tooling.bootstrap;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/** Signature copy of the agent's SPI (2.x); the agent provides the real one. */
public interface BootstrapPackagesConfigurer {
  default void configure(BootstrapPackagesBuilder builder) {}

  default void configure(BootstrapPackagesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
