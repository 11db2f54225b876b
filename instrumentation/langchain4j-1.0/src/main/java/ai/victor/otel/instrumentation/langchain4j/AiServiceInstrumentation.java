package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.calls.LangChain4jGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code InvocationHandler} behind every {@code AiServices} proxy (an anonymous class of
 * {@code DefaultAiServices}): one agent invocation per call of an AI service method (for a method
 * returning a {@code TokenStream}, per started stream; see {@link TokenStreamInstrumentation}).
 */
final class AiServiceInstrumentation implements TypeInstrumentation {
  private static final String DEFAULT_AI_SERVICES = "dev.langchain4j.service.DefaultAiServices";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(DEFAULT_AI_SERVICES);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return nameStartsWith(DEFAULT_AI_SERVICES + "$")
        .and(implementsInterface(named("java.lang.reflect.InvocationHandler")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("invoke")).and(takesArguments(3))
            .and(takesArgument(0, Object.class)).and(takesArgument(1, Method.class)),
        AiServiceInstrumentation.class.getName() + "$InvokeAdvice");
  }

  @SuppressWarnings("unused")
  public static final class InvokeAdvice {
    private InvokeAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(1) Object method,
        @Advice.Argument(2) Object[] args) {
      return LangChain4jGuard.agentEnter(method, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object invocation, @Advice.Return Object returned,
        @Advice.Thrown Throwable thrown) {
      LangChain4jGuard.agentExit(invocation, returned, thrown);
    }
  }
}
