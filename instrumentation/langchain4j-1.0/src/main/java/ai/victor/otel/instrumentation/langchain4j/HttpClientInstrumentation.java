package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.calls.LangChain4jGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code execute} of every {@code dev.langchain4j.http.client.HttpClient}: the HTTP requests of a
 * provider call (retries, server, rate-limit headers; see {@code HttpAttempts}). Requests made
 * outside a provider call cost a thread-local read.
 */
final class HttpClientInstrumentation implements TypeInstrumentation {
  static final String HTTP_CLIENT = "dev.langchain4j.http.client.HttpClient";
  private static final String HTTP_REQUEST = "dev.langchain4j.http.client.HttpRequest";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(HTTP_CLIENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(HTTP_CLIENT));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("execute")).and(not(isAbstract()))
            .and(takesArguments(1)).and(takesArgument(0, named(HTTP_REQUEST))),
        HttpClientInstrumentation.class.getName() + "$ExecuteAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("execute")).and(not(isAbstract()))
            .and(takesArguments(3)).and(takesArgument(0, named(HTTP_REQUEST))),
        HttpClientInstrumentation.class.getName() + "$StreamAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object request) {
      return LangChain4jGuard.httpEnter(request, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object response) {
      LangChain4jGuard.httpExit(call, response);
    }
  }

  @SuppressWarnings("unused")
  public static final class StreamAdvice {
    private StreamAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.Argument(0) Object request,
        @Advice.Argument(2) Object listener) {
      LangChain4jGuard.httpEnter(request, listener);
    }
  }
}
