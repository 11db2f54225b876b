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
import net.bytebuddy.matcher.ElementMatcher;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * {@code ChatModel.call(Prompt)} of every chat model: the other {@code call} overloads are
 * defaults that end up here. With Spring AI's internal tool execution (the default) one call
 * holds the whole tool loop, so its span holds the tool spans.
 */
final class ChatModelInstrumentation implements TypeInstrumentation {
  static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named("org.springframework.ai.chat.model.ChatModel")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("call")).and(not(isAbstract()))
            .and(takesArguments(1)).and(takesArgument(0, named(PROMPT))),
        ChatModelInstrumentation.class.getName() + "$CallAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CallAdvice {
    private CallAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This Object model, @Advice.Argument(0) Prompt prompt) {
      return SpringAiGuard.chatEnter(model, prompt);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return ChatResponse response,
        @Advice.Thrown Throwable thrown) {
      SpringAiGuard.chatExit(call, response, thrown);
    }
  }
}
