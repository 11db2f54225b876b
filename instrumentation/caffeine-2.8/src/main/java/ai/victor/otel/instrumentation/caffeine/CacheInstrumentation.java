package ai.victor.otel.instrumentation.caffeine;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import ai.victor.otel.core.library.LibraryCaches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The methods of Caffeine's synchronous caches (their bodies are default methods of Caffeine's
 * internal {@code LocalManualCache} / {@code LocalLoadingCache} and the async caches' views):
 * lookups are timed (their hits and misses come from the statistics counter), puts and
 * invalidations counted. Only caches attached at build count; other implementations of {@code
 * Cache} cost one weak-map lookup.
 */
final class CacheInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return nameStartsWith("com.github.benmanes.caffeine.cache.")
        .and(hasSuperType(named("com.github.benmanes.caffeine.cache.Cache")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = CacheInstrumentation.class.getName();
    transformer.applyAdviceToMethod(
        isMethod().and(not(isAbstract()))
            .and(namedOneOf("getIfPresent", "get", "getAll", "getAllPresent")),
        advice + "$LookupAdvice");
    // put and putAll apart: one advice testing "instanceof Map" on put's key cost ~30 ns per put
    // (an interface check that fails walks the key class's interfaces; docs/performance.md).
    transformer.applyAdviceToMethod(
        isMethod().and(not(isAbstract())).and(named("put")), advice + "$PutAdvice");
    transformer.applyAdviceToMethod(
        isMethod().and(not(isAbstract())).and(named("putAll")), advice + "$PutAllAdvice");
    transformer.applyAdviceToMethod(
        isMethod().and(not(isAbstract())).and(namedOneOf("invalidate", "invalidateAll")),
        advice + "$InvalidateAdvice");
  }

  public static final class LookupAdvice {
    private LookupAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return LibraryCaches.enterOwnLookup(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Thrown Throwable thrown) {
      // Hits and misses arrive through the statistics counter; this call only times them.
      LibraryCaches.lookupExit(calls, 0, 0, false, thrown);
    }
  }

  public static final class PutAdvice {
    private PutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return LibraryCaches.enterOwn(LibraryCaches.find(cache));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(token, 1, thrown);
    }
  }

  public static final class PutAllAdvice {
    private PutAllAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return LibraryCaches.enterOwn(LibraryCaches.find(cache));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object token, @Advice.Argument(0) Map<?, ?> entries,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(token, entries == null ? 0 : entries.size(), thrown);
    }
  }

  public static final class InvalidateAdvice {
    private InvalidateAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return LibraryCaches.enterOwn(LibraryCaches.find(cache));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
      LibraryCaches.invalidationExit(token, true, thrown);
    }
  }
}
