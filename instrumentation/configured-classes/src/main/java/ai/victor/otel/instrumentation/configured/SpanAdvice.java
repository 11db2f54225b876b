package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.configured.SpanCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the methods of a provider, selector, tool or agent target: opens the call on enter and
 * records it on exit. The role comes from the instrumented class ({@link SpanCalls#onEnter}).
 */
public final class SpanAdvice {
  private SpanAdvice() {}

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
  public static void onExit(
      @Advice.This(optional = true) Object self,
      @Advice.Enter Object call,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown,
      @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
      @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
      @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
      @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
    SpanCalls.onExit(call, self, result, thrown, a0, a1, a2, a3);
  }
}
