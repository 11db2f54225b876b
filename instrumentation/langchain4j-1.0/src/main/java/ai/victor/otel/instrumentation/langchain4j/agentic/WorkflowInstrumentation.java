package ai.victor.otel.instrumentation.langchain4j.agentic;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.agentic.calls.AgenticGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The invocation handler behind every workflow proxy (sequence, loop, parallel, conditional,
 * supervisor): {@code PlannerBasedInvocationHandler} from 1.9 on, the subclasses of {@code
 * AbstractAgentInvocationHandler} before. A workflow the application calls directly is an
 * invocation here; one that a planner calls as a sub-agent is its invoker's invocation.
 */
final class WorkflowInstrumentation implements TypeInstrumentation {
  private static final String PLANNER_HANDLER =
      "dev.langchain4j.agentic.internal.PlannerBasedInvocationHandler";
  private static final String WORKFLOW_HANDLER =
      "dev.langchain4j.agentic.internal.AbstractAgentInvocationHandler";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(AgentInvokerInstrumentation.AGENT_INVOKER);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return extendsClass(namedOneOf(PLANNER_HANDLER, WORKFLOW_HANDLER));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("invoke")).and(takesArguments(3))
            .and(takesArgument(0, Object.class)).and(takesArgument(1, Method.class)),
        WorkflowInstrumentation.class.getName() + "$InvokeAdvice");
  }

  @SuppressWarnings("unused")
  public static final class InvokeAdvice {
    private InvokeAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object proxy,
        @Advice.Argument(1) Object method) {
      return AgenticGuard.workflowEnter(proxy, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object invocation, @Advice.Thrown Throwable thrown) {
      AgenticGuard.exit(invocation, thrown);
    }
  }
}
