package ai.victor.otel.instrumentation.sdk.genai;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Models} or {@code AsyncModels}: {@code privateGenerateContent} and {@code
 * privateGenerateContentStream}, through which every public {@code generateContent[Stream]}
 * overload sends its requests. One model request is one call: with automatic function calling
 * the SDK sends several per public call, and each is a chat span with its own tokens (as
 * LangChain4j's and Spring AI 2.x's tool loops are recorded).
 */
final class ModelsInstrumentation implements TypeInstrumentation {
  private final String type;

  ModelsInstrumentation(String type) {
    this.type = type;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(type);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(named("privateGenerateContent").and(takesArguments(3))
            .and(takesArgument(0, String.class)),
        GenAiAdvice.class.getName() + "$Request");
    transformer.applyAdviceToMethod(named("privateGenerateContentStream").and(takesArguments(3))
            .and(takesArgument(0, String.class)),
        GenAiAdvice.class.getName() + "$StreamRequest");
  }
}
