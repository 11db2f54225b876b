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
 * 2.x's per-request stream of a streamable HTTP session, whose {@code handle(request)} the servlet
 * transport calls (1.x calls the session's {@code responseStream(request, transport)}, and in 2.x
 * that one delegates here: the module observes the Mono once).
 */
final class SessionStreamInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(
        "io.modelcontextprotocol.spec.McpStreamableServerSession$McpStreamableServerSessionStream");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("handle")).and(takesArguments(1)),
        SessionStreamInstrumentation.class.getName() + "$HandleAdvice");
  }

  @SuppressWarnings("unused")
  public static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This Object stream,
        @Advice.Argument(0) Object request,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
      return McpGuard.serverRequest(stream, request, result);
    }
  }
}
