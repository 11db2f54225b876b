package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.calls.LangChain4jGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The private {@code execute(Object[])} of {@code DefaultToolExecutor}, where the {@code @Tool}
 * method is invoked reflectively. What it throws the executor returns as result text for the model
 * (1.0 always; later releases unless told to propagate it), so the tool call looks successful from
 * outside: seeing the exception here is what makes it an error in the tool series.
 */
final class DefaultToolExecutorInstrumentation implements TypeInstrumentation {
  private static final String DEFAULT_TOOL_EXECUTOR =
      "dev.langchain4j.service.tool.DefaultToolExecutor";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(DEFAULT_TOOL_EXECUTOR);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(DEFAULT_TOOL_EXECUTOR);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("execute")).and(takesArguments(Object[].class)),
        DefaultToolExecutorInstrumentation.class.getName() + "$InvokeAdvice");
  }

  @SuppressWarnings("unused")
  public static final class InvokeAdvice {
    private InvokeAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.This Object executor, @Advice.Thrown Throwable thrown) {
      if (thrown instanceof java.lang.reflect.InvocationTargetException) {
        LangChain4jGuard.toolMethodThrew(executor, thrown);
      }
    }
  }
}
