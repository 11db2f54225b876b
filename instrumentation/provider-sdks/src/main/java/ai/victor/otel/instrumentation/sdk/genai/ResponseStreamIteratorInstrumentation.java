package ai.victor.otel.instrumentation.sdk.genai;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The stream's iterator: {@code readCurrent()} parses one chunk of this request's response (or
 * throws the error a chunk carries; with stream continuation, a following request's chunks are
 * read by that request's own iterator), and {@code hasNext()} returning false is the end.
 */
final class ResponseStreamIteratorInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("com.google.genai.ResponseStream$ResponseStreamIterator");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(named("readCurrent").and(takesArguments(0)),
        GenAiAdvice.class.getName() + "$Read");
    transformer.applyAdviceToMethod(named("hasNext").and(takesArguments(0)),
        GenAiAdvice.class.getName() + "$HasNext");
  }
}
