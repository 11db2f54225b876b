package ai.victor.otel.instrumentation.sdk.anthropic;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The Anthropic services' advice: {@code Create} on {@code create} (a response, or a future of one),
 * {@code Stream} on {@code createStreaming} (a stream, blocking or asynchronous, replaced by an
 * observed one), {@code Attempt} on each HTTP attempt of its OkHttp client. Inlined into the
 * SDK's classes; everything else is in {@link AnthropicGuard}.
 */
public final class AnthropicAdvice {
  private AnthropicAdvice() {}

  @SuppressWarnings("unused")
  public static final class Create {
    private Create() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object params) {
      return AnthropicGuard.GUARD.enter(params, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      AnthropicGuard.GUARD.exit(call, result, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class Stream {
    private Stream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object params) {
      return AnthropicGuard.GUARD.enter(params, true);
    }

    /** Returns the observed stream to return instead, or null to keep the method's own. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(@Advice.Enter Object call, @Advice.Return Object stream,
        @Advice.Thrown Throwable thrown) {
      return AnthropicGuard.GUARD.streamExit(call, stream, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class Attempt {
    private Attempt() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object request) {
      return AnthropicGuard.GUARD.attempt(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Argument(0) Object request,
        @Advice.Return Object result) {
      AnthropicGuard.GUARD.attemptExit(call, request, result);
    }
  }
}
