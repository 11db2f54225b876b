package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The canonical constructor of {@code McpSchema$JSONRPCResponse}: a server session builds its
 * answer (a result or a JSON-RPC error) inside the handling this module records, with that
 * handling's context current. Over streamable HTTP the answer is written to the response stream
 * and never returned to the caller, so this is where its outcome ({@code isError}, the error
 * code) is seen. Elsewhere (a client parsing a response) it costs a context read.
 */
final class JsonRpcResponseInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpSchema$JSONRPCResponse");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isConstructor().and(takesArguments(4)),
        JsonRpcResponseInstrumentation.class.getName() + "$ConstructorAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ConstructorAdvice {
    private ConstructorAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.Argument(1) Object id,
        @Advice.Argument(2) Object result,
        @Advice.Argument(3) Object error) {
      McpGuard.responseCreated(id, result, error);
    }
  }
}
