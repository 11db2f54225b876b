package ai.victor.otel.instrumentation.semanticcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.core.library.LibraryCaches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.Optional;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every implementation of {@code SemanticCache}, and the interface's default methods: {@code
 * get(query)} and {@code get(query, contextHash)} are lookups (an empty {@code Optional} is a
 * miss), the {@code set} overloads puts, {@code clear} an invalidation. A default method
 * delegating to another on the same cache is one call.
 */
final class SemanticCacheInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(SemanticCacheInstrumentationModule.SEMANTIC_CACHE);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(SemanticCacheInstrumentationModule.SEMANTIC_CACHE));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = SemanticCacheInstrumentation.class.getName();
    ElementMatcher.Junction<MethodDescription> body = isMethod().and(not(isAbstract()));
    transformer.applyAdviceToMethod(body.and(named("get")).and(returns(Optional.class))
        .and(takesArgument(0, String.class))
        .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, String.class)))),
        advice + "$LookupAdvice");
    transformer.applyAdviceToMethod(body.and(named("set"))
        .and(takesArguments(2).or(takesArguments(3))).and(takesArgument(0, String.class)),
        advice + "$PutAdvice");
    transformer.applyAdviceToMethod(body.and(named("clear")).and(takesArguments(0)),
        advice + "$ClearAdvice");
  }

  @SuppressWarnings("unused")
  public static final class LookupAdvice {
    private LookupAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SemanticCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      boolean found = result instanceof Optional && ((Optional<?>) result).isPresent();
      LibraryCaches.lookupExit(calls, 1, found ? 1 : 0, false, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class PutAdvice {
    private PutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SemanticCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls, @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(calls, 1, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class ClearAdvice {
    private ClearAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SemanticCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls, @Advice.Thrown Throwable thrown) {
      LibraryCaches.invalidationExit(calls, true, thrown);
    }
  }
}
