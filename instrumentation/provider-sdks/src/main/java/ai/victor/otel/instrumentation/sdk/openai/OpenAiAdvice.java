package ai.victor.otel.instrumentation.sdk.openai;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The OpenAI services' advice: {@code Create} on {@code create} (a response, or a future of one),
 * {@code Stream} on {@code createStreaming} (a stream, blocking or asynchronous, replaced by an
 * observed one), {@code Attempt} on each HTTP attempt of its OkHttp client. Inlined into the
 * SDK's classes; everything else is in {@link OpenAiGuard}.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  @SuppressWarnings("unused")
  public static final class Create {
    private Create() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object params) {
      return OpenAiGuard.GUARD.enter(params, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      OpenAiGuard.GUARD.exit(call, result, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class Stream {
    private Stream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object params) {
      return OpenAiGuard.GUARD.enter(params, true);
    }

    /** Returns the observed stream to return instead, or null to keep the method's own. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(@Advice.Enter Object call, @Advice.Return Object stream,
        @Advice.Thrown Throwable thrown) {
      return OpenAiGuard.GUARD.streamExit(call, stream, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class Attempt {
    private Attempt() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object request) {
      return OpenAiGuard.GUARD.attempt(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Argument(0) Object request,
        @Advice.Return Object result) {
      OpenAiGuard.GUARD.attemptExit(call, request, result);
    }
  }
}
