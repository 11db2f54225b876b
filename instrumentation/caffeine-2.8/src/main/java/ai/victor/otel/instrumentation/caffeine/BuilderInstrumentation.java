package ai.victor.otel.instrumentation.caffeine;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Caffeine.build(...)} and {@code buildAsync(...)}: gives the builder a statistics counter
 * that counts into victor (and forwards to the application's own counter, if it set one), then
 * attaches the built cache to it.
 */
final class BuilderInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("com.github.benmanes.caffeine.cache.Caffeine");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(namedOneOf("build", "buildAsync"),
        BuilderInstrumentation.class.getName() + "$BuildAdvice");
  }

  public static final class BuildAdvice {
    private BuildAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object builder) {
      ai.victor.otel.instrumentation.caffeine.CaffeineStats.install(builder);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Return Object cache) {
      ai.victor.otel.instrumentation.caffeine.CaffeineStats.attach(cache);
    }
  }
}
