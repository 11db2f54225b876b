package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AbstractClientHttpRequest.execute()}, through which every request of Spring's {@code
 * RestClient} and {@code RestTemplate} goes (the method is final since Spring 5): the attempts of
 * a provider call ({@link HttpAttempts}). Requests outside a provider call cost a thread-local
 * read.
 */
final class ClientHttpRequestInstrumentation implements TypeInstrumentation {
  private static final String REQUEST =
      "org.springframework.http.client.AbstractClientHttpRequest";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(REQUEST);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(REQUEST);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("execute")).and(takesArguments(0)),
        ClientHttpRequestInstrumentation.class.getName() + "$ExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object request) {
      return SpringAiGuard.httpEnter(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object response,
        @Advice.Thrown Throwable thrown) {
      SpringAiGuard.httpExit(call, response, thrown);
    }
  }
}
