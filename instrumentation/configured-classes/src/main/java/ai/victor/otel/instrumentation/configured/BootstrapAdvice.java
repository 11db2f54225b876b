package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.configured.BootstrapCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice for the methods of a bootstrap target: times the phase the target configures. */
public final class BootstrapAdvice {
  private BootstrapAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long onEnter() {
    return BootstrapCalls.instance().enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.Origin Class<?> origin,
      @Advice.This(optional = true) Object self,
      @Advice.Enter long start,
      @Advice.Thrown Throwable thrown,
      @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
      @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
      @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
      @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
    BootstrapCalls.instance().exit(origin, start, self, thrown, a0, a1, a2, a3);
  }
}
