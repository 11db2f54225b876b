package ai.victor.otel.instrumentation.semanticcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.cachelibrary.CacheLibraryModule;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Counts Spring AI's semantic caches ({@code SemanticCache}, Spring AI 2.0 and later, whatever
 * implements it) in the {@code victor.cache.*} series under the namespace {@code
 * semantic-cache}. Switch: {@code otel.instrumentation.victor-spring-ai-semantic-cache.enabled}.
 * docs/libraries/spring-ai.md#semantic-cache.
 */
@AutoService(InstrumentationModule.class)
public class SemanticCacheInstrumentationModule extends CacheLibraryModule {
  static final String SEMANTIC_CACHE = "org.springframework.ai.chat.cache.semantic.SemanticCache";

  public SemanticCacheInstrumentationModule() {
    super("victor-spring-ai-semantic-cache", "SemanticCaches");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(SEMANTIC_CACHE);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new SemanticCacheInstrumentation());
  }
}
