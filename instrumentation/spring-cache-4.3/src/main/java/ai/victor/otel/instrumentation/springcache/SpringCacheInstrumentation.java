package ai.victor.otel.instrumentation.springcache;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.core.library.CountingLoader;
import ai.victor.otel.core.library.LibraryCaches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every implementation of {@code org.springframework.cache.Cache}, and the interface's default
 * methods: {@code get} (a null result is a miss), {@code get(key, loader)} (a run loader is a miss
 * and a load), {@code put}, {@code putIfAbsent} (a put when it stored), {@code evict}, {@code
 * evictIfPresent}, {@code clear}, {@code invalidate} (one invalidation per call). {@code retrieve}
 * (6.1+, asynchronous) is not counted.
 */
final class SpringCacheInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named("org.springframework.cache.Cache"));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = SpringCacheInstrumentation.class.getName();
    ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> body =
        isMethod().and(not(isAbstract()));
    transformer.applyAdviceToMethod(body.and(named("get")).and(takesArguments(1)),
        advice + "$LookupAdvice");
    transformer.applyAdviceToMethod(body.and(named("get")).and(takesArguments(2))
        .and(takesArgument(1, Class.class)), advice + "$LookupAdvice");
    transformer.applyAdviceToMethod(body.and(named("get")).and(takesArguments(2))
        .and(takesArgument(1, Callable.class)), advice + "$LoaderLookupAdvice");
    transformer.applyAdviceToMethod(body.and(named("put")).and(takesArguments(2)),
        advice + "$PutAdvice");
    transformer.applyAdviceToMethod(body.and(named("putIfAbsent")).and(takesArguments(2)),
        advice + "$PutIfAbsentAdvice");
    // evictIfPresent and invalidate count whatever they return: Spring's own defaults return
    // false when they cannot tell whether anything was there.
    transformer.applyAdviceToMethod(
        body.and(namedOneOf("evict", "evictIfPresent", "clear", "invalidate")),
        advice + "$InvalidateAdvice");
  }

  public static final class LookupAdvice {
    private LookupAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SpringCaches.enterLookup(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.lookupExit(calls, 1, result == null ? 0 : 1, false, thrown);
    }
  }

  /**
   * {@code get(key, loader)}: the loader argument is replaced by a {@link CountingLoader} that
   * calls it and notes that it ran (a miss and a load), assigned with {@code
   * @Advice.AssignReturned} (indy-ready). Returning null keeps the caller's loader: this call is
   * not counted.
   */
  public static final class LoaderLookupAdvice {
    private LoaderLookupAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 1, typing = Assigner.Typing.DYNAMIC))
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Callable<?> onEnter(@Advice.This Object cache,
        @Advice.Argument(1) Callable loader) {
      Object calls = SpringCaches.enter(cache);
      // A null loader is wrapped too (the lookup must exit): a miss then fails as it would have,
      // with the NullPointerException of calling it.
      return calls == null ? null : new CountingLoader(loader, calls);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Callable<?> counting,
        @Advice.Thrown Throwable thrown) {
      if (counting instanceof CountingLoader) {
        CountingLoader<?> loader = (CountingLoader<?>) counting;
        boolean loaded = CountingLoader.ran(loader);
        LibraryCaches.lookupExit(loader.calls(), 1, loaded ? 0 : 1, loaded, thrown);
      }
    }
  }

  public static final class PutAdvice {
    private PutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SpringCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(calls, 1, thrown);
    }
  }

  public static final class PutIfAbsentAdvice {
    private PutIfAbsentAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SpringCaches.enter(cache);
    }

    /** A null result means nothing was there: the value was stored. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object existing,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.putExit(calls, existing == null ? 1 : 0, thrown);
    }
  }

  public static final class InvalidateAdvice {
    private InvalidateAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object cache) {
      return SpringCaches.enter(cache);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object calls,
        @Advice.Thrown Throwable thrown) {
      LibraryCaches.invalidationExit(calls, true, thrown);
    }
  }
}
