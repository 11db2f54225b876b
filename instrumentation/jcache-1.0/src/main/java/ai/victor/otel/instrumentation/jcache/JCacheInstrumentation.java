package ai.victor.otel.instrumentation.jcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.core.library.LibraryCaches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.Collection;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Implementations of {@code javax.cache.Cache}: {@code get} (null is a miss), {@code getAll} (each
 * key found is a hit, each other a miss), {@code put}, {@code getAndPut}, {@code putAll} (a put
 * per entry), {@code putIfAbsent} (a put when it stored), {@code remove}, {@code getAndRemove}
 * (an invalidation when something was removed), {@code removeAll}, {@code clear} (one
 * invalidation per call).
 */
final class JCacheInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named("javax.cache.Cache")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = JCacheInstrumentation.class.getName();
    ElementMatcher.Junction<MethodDescription> body = isMethod().and(not(isAbstract()));
    transformer.applyAdviceToMethod(body.and(named("get")).and(takesArguments(1)),
        advice + "$GetAdvice");
    transformer.applyAdviceToMethod(body.and(named("getAll")).and(takesArguments(1)),
        advice + "$GetAllAdvice");
    // putAll apart: testing "instanceof Map" on put's key cost ~30 ns per Caffeine put
    // (docs/performance.md), and the same check runs here.
    transformer.applyAdviceToMethod(
        body.and(namedOneOf("put", "getAndPut", "putIfAbsent")), advice + "$PutAdvice");
    transformer.applyAdviceToMethod(body.and(named("putAll")).and(takesArguments(1)),
        advice + "$PutAllAdvice");
    transformer.applyAdviceToMethod(
        body.and(namedOneOf("remove", "getAndRemove")).and(takesArguments(1)),
        advice + "$RemoveAdvice");
    transformer.applyAdviceToMethod(
        body.and(namedOneOf("removeAll", "clear")).and(returns(void.class)),
        advice + "$ClearAdvice");
  }

  public static final class GetAdvice {
    private GetAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.lookupExit(calls, 1, value == null ? 0 : 1, false, thrown);
    }
  }

  public static final class GetAllAdvice {
    private GetAllAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object keys,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object found,
        @Advice.Thrown Throwable thrown) {
      int asked = keys instanceof Collection ? ((Collection<?>) keys).size() : 0;
      int hits = found instanceof Map ? ((Map<?, ?>) found).size() : 0;
      LibraryCaches.lookupExit(calls, asked, Math.min(hits, asked), false, thrown);
    }
  }

  /**
   * {@code putIfAbsent} returns whether it stored; {@code put} and {@code getAndPut} store
   * always.
   */
  public static final class PutAdvice {
    private PutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(calls, Boolean.FALSE.equals(result) ? 0 : 1, thrown);
    }
  }

  /** {@code putAll} counts its entries. */
  public static final class PutAllAdvice {
    private PutAllAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Map<?, ?> entries,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(calls, entries == null ? 0 : entries.size(), thrown);
    }
  }

  /** {@code remove(key)} returns whether it removed; {@code getAndRemove} the removed value. */
  public static final class RemoveAdvice {
    private RemoveAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.invalidationExit(calls, result != null && !Boolean.FALSE.equals(result),
          thrown);
    }
  }

  public static final class ClearAdvice {
    private ClearAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return JCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.invalidationExit(calls, true, thrown);
    }
  }
}
