package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * {@code StreamingChatModel.stream(Prompt)}: the call is timed from the method's entry until the
 * returned {@code Flux} completes or fails, on whichever thread that happens. The returned Flux
 * is replaced by one that observes the chunks and passes them on unchanged: a cold Flux does its
 * work only when subscribed, so there is no other way to see it end (README.md, "What the
 * extension changes"). The replacement is assigned with {@code @Advice.AssignReturned}, which
 * works with inlined and invokedynamic advice alike.
 */
final class StreamingChatModelInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named("org.springframework.ai.chat.model.StreamingChatModel")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("stream")).and(not(isAbstract()))
            .and(takesArguments(1))
            .and(takesArgument(0, named(ChatModelInstrumentation.PROMPT))),
        StreamingChatModelInstrumentation.class.getName() + "$StreamAdvice");
  }

  @SuppressWarnings("unused")
  public static final class StreamAdvice {
    private StreamAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object model, @Advice.Argument(0) Prompt prompt) {
      return SpringAiGuard.streamEnter(model, prompt);
    }

    /** Returns the observing Flux to return instead, or null to keep the method's own. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(@Advice.Enter Object call,
        @Advice.Return Flux<ChatResponse> flux, @Advice.Thrown Throwable thrown) {
      return SpringAiGuard.streamExit(call, flux, thrown);
    }
  }
}
