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
 * {@code onOpen(SuccessfulHttpResponse)} of the server-sent-event listeners of {@code
 * langchain4j-http-client}: the response headers of a streamed provider call, which arrive on
 * the HTTP client's thread after {@code doChat} returned.
 */
final class ServerSentEventListenerInstrumentation implements TypeInstrumentation {
  private static final String LISTENER =
      "dev.langchain4j.http.client.sse.ServerSentEventListener";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(LISTENER);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(LISTENER));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("onOpen")).and(not(isAbstract()))
            .and(takesArguments(1)),
        ServerSentEventListenerInstrumentation.class.getName() + "$OpenAdvice");
  }

  @SuppressWarnings("unused")
  public static final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object listener, @Advice.Argument(0) Object response) {
      LangChain4jGuard.streamOpened(listener, response);
    }
  }
}
