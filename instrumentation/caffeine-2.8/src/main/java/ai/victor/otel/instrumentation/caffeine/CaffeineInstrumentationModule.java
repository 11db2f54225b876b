package ai.victor.otel.instrumentation.caffeine;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.cachelibrary.CacheLibraryModule;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Counts Caffeine caches, versions 2.8 to 3.x (tested: 2.8.0 and 3.3.1): hits, misses, loads and
 * evictions with their cause from Caffeine's own statistics hook, puts and invalidations and a
 * sample of lookup latencies from the cache methods. Switch: {@code
 * otel.instrumentation.victor-caffeine.enabled}. docs/libraries/caffeine.md says what is counted
 * where and how a cache is named.
 */
@AutoService(InstrumentationModule.class)
public class CaffeineInstrumentationModule extends CacheLibraryModule {

  public CaffeineInstrumentationModule() {
    super("victor-caffeine", "CaffeineStats", "CaffeineStats$Counter",
        "CaffeineStats$CounterSupplier", "CaffeineStats$Sizes");
  }

  /**
   * {@code AsyncCache} arrived in 2.8.0, with {@code StatsCounter.recordEviction(int,
   * RemovalCause)}, the hook evictions are counted through.
   */
  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("com.github.benmanes.caffeine.cache.AsyncCache");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new BuilderInstrumentation(), new CacheInstrumentation());
  }
}
