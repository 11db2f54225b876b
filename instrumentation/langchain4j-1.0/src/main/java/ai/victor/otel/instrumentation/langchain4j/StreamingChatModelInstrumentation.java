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
 * {@code doChat(ChatRequest, StreamingChatResponseHandler)} of every {@code StreamingChatModel}:
 * starts the call and hands it to the handler it was given; {@link StreamingHandlerInstrumentation}
 * ends it when that handler hears completion or failure, on whatever thread that happens.
 */
final class StreamingChatModelInstrumentation implements TypeInstrumentation {
  private static final String STREAMING_CHAT_MODEL =
      "dev.langchain4j.model.chat.StreamingChatModel";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(STREAMING_CHAT_MODEL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(STREAMING_CHAT_MODEL));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("doChat")).and(not(isAbstract())).and(takesArguments(2))
            .and(takesArgument(0, named("dev.langchain4j.model.chat.request.ChatRequest")))
            .and(takesArgument(1,
                named(StreamingHandlerInstrumentation.STREAMING_CHAT_RESPONSE_HANDLER))),
        StreamingChatModelInstrumentation.class.getName() + "$DoChatAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoChatAdvice {
    private DoChatAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object model, @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object handler) {
      return LangChain4jGuard.streamEnter(model, request, handler);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Argument(1) Object handler,
        @Advice.Thrown Throwable thrown) {
      LangChain4jGuard.streamExit(call, handler, thrown);
    }
  }
}
