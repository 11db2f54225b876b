package ai.victor.otel.instrumentation.springcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.cachelibrary.CacheLibraryModule;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Counts calls of Spring's cache abstraction, {@code org.springframework.cache.Cache}, Spring
 * Framework 4.3 to 7.0 (tested: 4.3.30.RELEASE and 7.0.6), whatever implements it (Caffeine,
 * JCache, ConcurrentMap, Redis, a user's own). Switch: {@code
 * otel.instrumentation.victor-spring-cache.enabled}. docs/libraries/spring-cache.md.
 */
@AutoService(InstrumentationModule.class)
public class SpringCacheInstrumentationModule extends CacheLibraryModule {

  public SpringCacheInstrumentationModule() {
    super("victor-spring-cache", "SpringCaches");
  }

  /** {@code AbstractValueAdaptingCache} appeared in 4.2.2; 4.3 is the oldest release tested. */
  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("org.springframework.cache.support.AbstractValueAdaptingCache");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new SpringCacheInstrumentation());
  }
}
