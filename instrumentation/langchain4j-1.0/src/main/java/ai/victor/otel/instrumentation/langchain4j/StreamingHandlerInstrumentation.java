package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.langchain4j.calls.LangChain4jGuard;
import io.opentelemetry.context.Scope;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code onCompleteResponse} and {@code onError} of every {@code StreamingChatResponseHandler}:
 * the end of a stream; its partial responses, tool calls and thinking: the stream's chunks. The handler is not wrapped: the object LangChain4j passes around stays the
 * application's own (a wrapper would hide the handler methods newer releases keep adding). Only a
 * handler that a streaming {@code doChat} was given ends a call; the others cost one lookup per
 * completed stream.
 */
final class StreamingHandlerInstrumentation implements TypeInstrumentation {
  static final String STREAMING_CHAT_RESPONSE_HANDLER =
      "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(STREAMING_CHAT_RESPONSE_HANDLER);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(STREAMING_CHAT_RESPONSE_HANDLER));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("onCompleteResponse")).and(not(isAbstract())).and(takesArguments(1))
            .and(takesArgument(0, named("dev.langchain4j.model.chat.response.ChatResponse"))),
        StreamingHandlerInstrumentation.class.getName() + "$CompleteAdvice");
    transformer.applyAdviceToMethod(
        isMethod().and(named("onError")).and(not(isAbstract())).and(takesArguments(1))
            .and(takesArgument(0, Throwable.class)),
        StreamingHandlerInstrumentation.class.getName() + "$ErrorAdvice");
    // Each piece of the answer; newer releases add overloads with a context argument, which
    // delegate to these by default: one piece counts once (ChatCalls.partialEnter).
    transformer.applyAdviceToMethod(
        isMethod().and(namedOneOf("onPartialResponse", "onPartialToolCall", "onPartialThinking"))
            .and(not(isAbstract())),
        StreamingHandlerInstrumentation.class.getName() + "$PartialAdvice");
  }

  @SuppressWarnings("unused")
  public static final class PartialAdvice {
    private PartialAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object handler) {
      return LangChain4jGuard.partialEnter(handler);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object token) {
      LangChain4jGuard.partialExit(token);
    }
  }

  @SuppressWarnings("unused")
  public static final class CompleteAdvice {
    private CompleteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Scope onEnter(@Advice.This Object handler,
        @Advice.Argument(0) Object response) {
      return LangChain4jGuard.streamCompleted(handler, response);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Scope scope) {
      if (scope != null) {
        scope.close();
      }
    }
  }

  @SuppressWarnings("unused")
  public static final class ErrorAdvice {
    private ErrorAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Scope onEnter(@Advice.This Object handler, @Advice.Argument(0) Throwable error) {
      return LangChain4jGuard.streamFailed(handler, error);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Scope scope) {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
