package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
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
 * The SDK's stateless server ({@code DefaultMcpStatelessServerHandler.handleRequest}): no session,
 * one request per HTTP call, answered through the returned Mono.
 */
final class StatelessServerInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.server.DefaultMcpStatelessServerHandler");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("handleRequest")).and(takesArguments(2)),
        StatelessServerInstrumentation.class.getName() + "$HandleAdvice");
  }

  @SuppressWarnings("unused")
  public static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.Argument(1) Object request,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
      return McpGuard.serverRequest(null, request, result);
    }
  }
}
