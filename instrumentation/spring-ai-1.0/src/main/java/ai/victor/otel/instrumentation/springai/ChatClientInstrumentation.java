package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The response specs of {@code DefaultChatClient}: every way of getting a call's response
 * ({@code content()}, {@code chatResponse()}, {@code entity(...)}...) goes through {@code
 * doGetObservableChatClientResponse(ChatClientRequest, ...)}, and every stream through {@code
 * doGetObservableFluxChatResponse(ChatClientRequest)} (Spring AI 1.0 to 2.0): each is one agent
 * invocation ({@link ChatClientCalls}). The stream's Flux is replaced by one that observes it,
 * as for {@code StreamingChatModel.stream}.
 */
final class ChatClientInstrumentation implements TypeInstrumentation {
  private static final String CLIENT = "org.springframework.ai.chat.client.DefaultChatClient";
  private static final String REQUEST = "org.springframework.ai.chat.client.ChatClientRequest";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(CLIENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(CLIENT + "$DefaultCallResponseSpec", CLIENT + "$DefaultStreamResponseSpec");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("doGetObservableChatClientResponse"))
            .and(takesArgument(0, named(REQUEST))),
        ChatClientInstrumentation.class.getName() + "$CallAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("doGetObservableFluxChatResponse"))
            .and(takesArgument(0, named(REQUEST))),
        ChatClientInstrumentation.class.getName() + "$StreamAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CallAdvice {
    private CallAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object request) {
      return SpringAiGuard.chatClientEnter(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Thrown Throwable thrown) {
      SpringAiGuard.chatClientExit(call, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class StreamAdvice {
    private StreamAdvice() {}

    /** Returns the observing Flux to return instead, or null to keep the method's own. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(@Advice.Argument(0) Object request,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object flux,
        @Advice.Thrown Throwable thrown) {
      return SpringAiGuard.chatClientStream(request, flux, thrown);
    }
  }
}
