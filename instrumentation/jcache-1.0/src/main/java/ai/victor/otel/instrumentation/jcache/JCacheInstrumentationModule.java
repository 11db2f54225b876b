package ai.victor.otel.instrumentation.jcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.cachelibrary.CacheLibraryModule;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Counts calls of JCache (JSR 107) caches, {@code javax.cache.Cache}, API 1.0 and 1.1 (tested:
 * cache-api 1.1.1 with Caffeine's provider 2.8.0 and 3.2.4), whatever provider implements it.
 * Switch: {@code otel.instrumentation.victor-jcache.enabled}. docs/libraries/jcache.md.
 */
@AutoService(InstrumentationModule.class)
public class JCacheInstrumentationModule extends CacheLibraryModule {

  public JCacheInstrumentationModule() {
    super("victor-jcache", "JCaches");
  }

  /** {@code Cache} has been in the API since 1.0, with the methods counted here. */
  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("javax.cache.Cache");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new JCacheInstrumentation());
  }
}
