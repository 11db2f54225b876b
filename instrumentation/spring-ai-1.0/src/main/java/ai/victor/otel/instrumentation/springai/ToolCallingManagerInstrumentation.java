package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ToolCallingManager.resolveToolDefinitions}: the tools offered to the model for one
 * request. Spring AI resolves them on every model request and has no selection cache, so each is
 * a selection with cache type {@code none}.
 */
final class ToolCallingManagerInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named("org.springframework.ai.model.tool.ToolCallingManager")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("resolveToolDefinitions"))
            .and(not(isAbstract())).and(takesArguments(1)),
        ToolCallingManagerInstrumentation.class.getName() + "$ResolveAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ResolveAdvice {
    private ResolveAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object manager) {
      return SpringAiGuard.selectionEnter(manager);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return List<?> definitions,
        @Advice.Thrown Throwable thrown) {
      SpringAiGuard.selectionExit(call, definitions, thrown);
    }
  }
}
