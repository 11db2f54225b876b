package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The canonical constructor of {@code McpSchema$JSONRPCRequest}, where a client session builds the
 * message it is about to send (1.x and 2.x alike; 2.x's shorter constructors delegate to it):
 * while a recorded request is being sent on this thread, its id goes on the span and its params
 * get the W3C trace context in {@code _meta}. Every other construction (a server parsing what it
 * received) finds no request in progress and costs a thread-local read.
 */
final class JsonRpcRequestInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpSchema$JSONRPCRequest");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isConstructor().and(takesArguments(4)),
        JsonRpcRequestInstrumentation.class.getName() + "$ConstructorAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ConstructorAdvice {
    private ConstructorAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 3, typing = Assigner.Typing.DYNAMIC))
    public static Object onEnter(
        @Advice.Argument(1) String method,
        @Advice.Argument(2) Object id,
        @Advice.Argument(3) Object params) {
      return McpGuard.requestCreated(method, id, params);
    }
  }
}
