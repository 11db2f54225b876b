package ai.victor.otel.instrumentation.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The OkHttp client of a Stainless-generated SDK (OpenAI, Anthropic): its {@code execute} and
 * {@code executeAsync(request, options)}, one HTTP attempt each, beneath the SDK's retrying
 * client ({@link HttpAttempts}). An application that plugs in another HTTP client gets no
 * retries, server or rate limits from here; its calls are recorded all the same.
 */
public final class HttpAttemptInstrumentation implements TypeInstrumentation {
  private final String type;
  private final String advice;

  public HttpAttemptInstrumentation(String type, Class<?> advice) {
    this.type = type;
    this.advice = advice.getName() + "$Attempt";
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(type);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(named("execute").or(named("executeAsync")).and(isPublic())
        .and(takesArguments(2)), advice);
  }
}
