package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code McpServerSession}, the server side of stdio and of the SSE transports: one per connected
 * client. Its private {@code handleIncomingRequest} returns the Mono of the answer to one request
 * (initialize included), which this module replaces with one that records the handling.
 */
final class ServerSessionInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpServerSession");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = ServerSessionInstrumentation.class.getName();
    transformer.applyAdviceToMethod(isConstructor().and(takesArgument(2,
        named("io.modelcontextprotocol.spec.McpServerTransport"))), advice + "$OpenAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("handleIncomingRequest"))
        .and(takesArguments(2)), advice + "$HandleAdvice");
    transformer.applyAdviceToMethod(isMethod().and(namedOneOf("close", "closeGracefully"))
        .and(takesArguments(0)), advice + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object session, @Advice.Argument(2) Object transport) {
      McpGuard.serverOpened(session, transport, null);
    }
  }

  @SuppressWarnings("unused")
  public static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This Object session,
        @Advice.Argument(0) Object request,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
      return McpGuard.serverRequest(session, request, result);
    }
  }

  @SuppressWarnings("unused")
  public static final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object session) {
      McpGuard.serverClosed(session);
    }
  }
}
