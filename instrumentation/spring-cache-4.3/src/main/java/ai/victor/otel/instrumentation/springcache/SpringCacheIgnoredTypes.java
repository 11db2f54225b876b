package ai.victor.otel.instrumentation.springcache;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * The agent ignores most of {@code org.springframework} by default to keep its matchers cheap;
 * Spring's cache implementations must be transformable for the Spring cache module to count them.
 */
@AutoService(IgnoredTypesConfigurer.class)
public class SpringCacheIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder) {
    builder.allowClass("org.springframework.cache.");
  }

  /** The form older agents call. */
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
