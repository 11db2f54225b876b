package ai.victor.otel.agent;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Keeps the agent's matchers off core's classes.
 *
 * <p>Why: every instrumentation module injects core into the application's class loaders, where
 * each class that loads is offered to every type matcher of the agent (about a thousand, many
 * walking the class's supertypes) before it is defined. Core is the extension's own library,
 * never an instrumentation target, so each of those passes was pure startup cost. The agent
 * ignores its own classes the same way. Only core: other helper packages share a package with
 * classes that tests instrument.
 */
@AutoService(IgnoredTypesConfigurer.class)
public final class CoreIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder) {
    builder.ignoreClass("ai.victor.otel.core.");
  }

  /** The form older agents call. */
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
