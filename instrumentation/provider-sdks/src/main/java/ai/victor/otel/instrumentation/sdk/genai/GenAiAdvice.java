package ai.victor.otel.instrumentation.sdk.genai;

import net.bytebuddy.asm.Advice;

/**
 * The Google GenAI advice, inlined into the SDK's classes; everything else is in {@link
 * GenAiGuard}. {@code Request} and {@code StreamRequest} go on {@code Models} and {@code
 * AsyncModels}; the others on {@code ResponseStream} and its iterator.
 */
public final class GenAiAdvice {
  private GenAiAdvice() {}

  @SuppressWarnings("unused")
  public static final class Request {
    private Request() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) String model) {
      return GenAiGuard.GUARD.enter(model, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      GenAiGuard.GUARD.exit(call, result, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class StreamRequest {
    private StreamRequest() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) String model) {
      return GenAiGuard.GUARD.enter(model, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      GenAiGuard.GUARD.streamExit(call, result, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class Read {
    private Read() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.This Object iterator, @Advice.Return Object chunk,
        @Advice.Thrown Throwable thrown) {
      GenAiGuard.GUARD.read(iterator, chunk, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static final class HasNext {
    private HasNext() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object iterator, @Advice.Return boolean more) {
      GenAiGuard.GUARD.hasNext(iterator, more);
    }
  }

  @SuppressWarnings("unused")
  public static final class Close {
    private Close() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object stream) {
      GenAiGuard.GUARD.closed(stream);
    }
  }
}
