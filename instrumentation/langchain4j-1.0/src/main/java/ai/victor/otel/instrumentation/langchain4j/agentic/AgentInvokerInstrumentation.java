package ai.victor.otel.instrumentation.langchain4j.agentic;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.agentic.calls.AgenticGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AgentInvoker.invoke}, through which every planner calls a sub-agent: the interface's
 * default method and the implementations' overrides. Its signature is {@code invoke(scope, agent,
 * arguments)} from 1.7 on and {@code invoke(agent, Object...)} before.
 */
final class AgentInvokerInstrumentation implements TypeInstrumentation {
  static final String AGENT_INVOKER = "dev.langchain4j.agentic.internal.AgentInvoker";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(AGENT_INVOKER);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(AGENT_INVOKER));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("invoke")).and(not(isAbstract())).and(
            takesArguments(3).and(takesArgument(1, Object.class))
                .or(takesArguments(2).and(takesArgument(0, Object.class))
                    .and(takesArgument(1, Object[].class)))),
        AgentInvokerInstrumentation.class.getName() + "$InvokeAdvice");
  }

  @SuppressWarnings("unused")
  public static final class InvokeAdvice {
    private InvokeAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object invoker) {
      return AgenticGuard.invokerEnter(invoker);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object invocation, @Advice.Thrown Throwable thrown) {
      AgenticGuard.exit(invocation, thrown);
    }
  }
}
