package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ToolCallback.call(String)} and {@code call(String, ToolContext)} of every tool callback:
 * {@code @Tool} methods, functions and MCP tools. The interface is matched too, for its default
 * {@code call(String, ToolContext)}; the nested {@code call(String)} it makes is not counted again.
 * A callback that throws is a failed execution even though Spring AI's tool-calling manager then
 * turns the exception into a result string for the model.
 */
final class ToolCallbackInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named("org.springframework.ai.tool.ToolCallback"));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("call")).and(not(isAbstract()))
            .and(takesArgument(0, String.class)).and(returns(String.class)),
        ToolCallbackInstrumentation.class.getName() + "$CallAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CallAdvice {
    private CallAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object callback,
        @Advice.Argument(0) String input) {
      return SpringAiGuard.toolEnter(callback, input);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return String result,
        @Advice.Thrown Throwable thrown) {
      SpringAiGuard.toolExit(call, result, thrown);
    }
  }
}
