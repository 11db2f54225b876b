package ai.victor.otel.instrumentation.mcp;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice the server-side instrumentations share. ByteBuddy inlines advice by its class name,
 * so one nested class serves every type it is applied to; none of it is injected.
 */
final class ServerAdvice {
  /** Exit of a method taking the request first and returning the Mono of its answer. */
  static final String REQUEST = ServerAdvice.class.getName() + "$RequestAdvice";
  /** Enter of a server session's {@code close}/{@code closeGracefully}. */
  static final String CLOSE = ServerAdvice.class.getName() + "$CloseAdvice";

  private ServerAdvice() {}

  /** Replaces the answer's Mono with one that records the handling, kept against {@code this}. */
  @SuppressWarnings("unused")
  public static final class RequestAdvice {
    private RequestAdvice() {}

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
