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
import io.opentelemetry.context.Scope;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.function.Consumer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code TokenStream} an AI service method returns: {@code start()} starts its agent
 * invocation, and the completion and error handlers the application registers ({@code
 * onCompleteResponse}, {@code onError}) are registered in a form that ends it first (assigned
 * with {@code @Advice.AssignReturned.ToArguments}; a stream no AI service returned keeps its
 * handlers). README.md, "What the extension changes", lists this.
 */
final class TokenStreamInstrumentation implements TypeInstrumentation {
  private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(TOKEN_STREAM);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(TOKEN_STREAM));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("start")).and(not(isAbstract()))
            .and(takesArguments(0)),
        TokenStreamInstrumentation.class.getName() + "$StartAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("onCompleteResponse"))
            .and(not(isAbstract())).and(takesArguments(1))
            .and(takesArgument(0, Consumer.class)),
        TokenStreamInstrumentation.class.getName() + "$CompleteHandlerAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("onError")).and(not(isAbstract()))
            .and(takesArguments(1)).and(takesArgument(0, Consumer.class)),
        TokenStreamInstrumentation.class.getName() + "$ErrorHandlerAdvice");
  }

  @SuppressWarnings("unused")
  public static final class StartAdvice {
    private StartAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Scope onEnter(@Advice.This Object stream) {
      return LangChain4jGuard.tokenStreamStarting(stream);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.This Object stream, @Advice.Enter Scope scope,
        @Advice.Thrown Throwable thrown) {
      if (scope != null) {
        LangChain4jGuard.tokenStreamStarted(stream, scope, thrown);
      }
    }
  }

  @SuppressWarnings("unused")
  public static final class CompleteHandlerAdvice {
    private CompleteHandlerAdvice() {}

    /** The handler to register instead, or null to keep the application's. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(
        value = 0, typing = Assigner.Typing.DYNAMIC))
    public static Object onEnter(@Advice.This Object stream, @Advice.Argument(0) Object handler) {
      return LangChain4jGuard.tokenStreamHandler(stream, handler, false);
    }
  }

  @SuppressWarnings("unused")
  public static final class ErrorHandlerAdvice {
    private ErrorHandlerAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(
        value = 0, typing = Assigner.Typing.DYNAMIC))
    public static Object onEnter(@Advice.This Object stream, @Advice.Argument(0) Object handler) {
      return LangChain4jGuard.tokenStreamHandler(stream, handler, true);
    }
  }
}
