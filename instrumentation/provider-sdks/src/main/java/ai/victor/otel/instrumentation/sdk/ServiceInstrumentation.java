package ai.victor.otel.instrumentation.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One service implementation of a Stainless-generated SDK (OpenAI, Anthropic): its {@code
 * create(params, RequestOptions)} and {@code createStreaming(params, RequestOptions)}, which the
 * one-argument interface defaults call, blocking or asynchronous alike. The implementation class
 * is matched by name: the upstream agent's OpenAI module hands applications proxies of the same
 * interfaces, which must not be matched (their calls reach this class anyway).
 */
public final class ServiceInstrumentation implements TypeInstrumentation {
  private final String type;
  private final String params;
  private final String createAdvice;
  private final String streamAdvice;

  public ServiceInstrumentation(String type, String params, Class<?> advice) {
    this.type = type;
    this.params = params;
    this.createAdvice = advice.getName() + "$Create";
    this.streamAdvice = advice.getName() + "$Stream";
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(type);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(named("create").and(isPublic()).and(takesArguments(2))
        .and(takesArgument(0, named(params))), createAdvice);
    transformer.applyAdviceToMethod(named("createStreaming").and(isPublic())
        .and(takesArguments(2)).and(takesArgument(0, named(params))), streamAdvice);
  }
}
