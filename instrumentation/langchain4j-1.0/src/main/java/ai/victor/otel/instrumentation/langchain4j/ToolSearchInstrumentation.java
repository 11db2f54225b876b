package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.calls.LangChain4jGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code search(ToolSearchRequest)} of every {@code ToolSearchStrategy} (LangChain4j 1.12 and
 * later; absent before, where this instrumentation matches nothing): tool selection by search. The
 * search runs when the model calls the tool search tool, so its span sits beneath that {@code
 * execute_tool} span.
 */
final class ToolSearchInstrumentation implements TypeInstrumentation {
  private static final String TOOL_SEARCH_STRATEGY =
      "dev.langchain4j.service.tool.search.ToolSearchStrategy";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(TOOL_SEARCH_STRATEGY);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(TOOL_SEARCH_STRATEGY));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("search")).and(not(isAbstract())).and(takesArguments(1)),
        ToolSearchInstrumentation.class.getName() + "$SearchAdvice");
  }

  @SuppressWarnings("unused")
  public static final class SearchAdvice {
    private SearchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object strategy) {
      return LangChain4jGuard.selectionEnter(strategy);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object selection, @Advice.Thrown Throwable thrown) {
      // the result (found tool names) is a 1.12+ type this module does not compile against, and
      // reading it reflectively per call is not worth it: a search's span and latency carry no
      // tool count
      LangChain4jGuard.selectionExit(selection, null, thrown);
    }
  }
}
