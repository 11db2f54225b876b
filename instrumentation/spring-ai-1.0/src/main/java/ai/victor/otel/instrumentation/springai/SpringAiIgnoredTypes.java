package ai.victor.otel.instrumentation.springai;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * The agent ignores most of {@code org.springframework} by default to keep its matchers cheap;
 * the one class of Spring's HTTP clients through which a provider call's requests go must be
 * transformable for its attempts to be seen ({@link ClientHttpRequestInstrumentation}).
 */
@AutoService(IgnoredTypesConfigurer.class)
public class SpringAiIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder) {
    builder.allowClass("org.springframework.http.client.AbstractClientHttpRequest");
  }

  /** The form older agents call. */
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
