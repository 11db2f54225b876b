package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.configured.SpanCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the methods of a provider, selector or tool target declared to return a {@code
 * CompletionStage} (a {@code CompletableFuture}...), a Reactor {@code Mono} or a {@code Flux}: the
 * call ends when the result completes. A future is returned as is (a dependent stage observes
 * it); a Mono or Flux is replaced by one that observes it and passes every signal on ({@link
 * SpanCalls#onAsyncExit}). Returning null keeps the method's own result.
 */
public final class AsyncSpanAdvice {
  private AsyncSpanAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.Origin Class<?> origin,
      @Advice.Origin("#m") String method,
      @Advice.This(optional = true) Object self,
      @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
      @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
      @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
      @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
    return SpanCalls.onEnter(origin, method, self, a0, a1, a2, a3);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
  public static Object onExit(
      @Advice.This(optional = true) Object self,
      @Advice.Enter Object call,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown,
      @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
      @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
      @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
      @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
    return SpanCalls.onAsyncExit(call, self, result, thrown, a0, a1, a2, a3);
  }
}
