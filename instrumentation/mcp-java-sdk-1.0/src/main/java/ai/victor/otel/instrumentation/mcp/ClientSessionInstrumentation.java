package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code McpClientSession}, which every client request goes through ({@code McpAsyncClient}, the
 * sync client wrapping it, Spring AI's MCP tool callbacks): its construction opens a session, its
 * {@code sendRequest} returns the Mono this module replaces with one that records the request, and
 * {@code close}/{@code closeGracefully} end the session.
 */
final class ClientSessionInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpClientSession");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = ClientSessionInstrumentation.class.getName();
    transformer.applyAdviceToMethod(isConstructor().and(takesArguments(5)),
        advice + "$OpenAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("sendRequest")).and(takesArguments(3)),
        advice + "$SendRequestAdvice");
    transformer.applyAdviceToMethod(isMethod().and(namedOneOf("close", "closeGracefully"))
        .and(takesArguments(0)), advice + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object session, @Advice.Argument(1) Object transport) {
      McpGuard.clientOpened(session, transport);
    }
  }

  @SuppressWarnings("unused")
  public static final class SendRequestAdvice {
    private SendRequestAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This Object session,
        @Advice.Argument(0) String method,
        @Advice.Argument(1) Object params,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
      return McpGuard.clientRequest(session, method, params, result);
    }
  }

  @SuppressWarnings("unused")
  public static final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object session) {
      McpGuard.clientClosed(session);
    }
  }
}
