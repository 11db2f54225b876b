package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.configured.CacheCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice for the method kinds of a cache target; each passes its kind to {@link CacheCalls}. */
public final class CacheAdvice {
  private CacheAdvice() {}

  public static final class Lookup {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This(optional = true) Object self) {
      return CacheCalls.instance().enter(CacheCalls.GET, self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Origin Class<?> origin,
        @Advice.This(optional = true) Object self,
        @Advice.Enter Object token,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown,
        @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
        @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
        @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
      CacheCalls.instance().lookupExit(origin, self, token, result, thrown, a0, a1, a2, a3);
    }
  }

  public static final class Put {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This(optional = true) Object self) {
      return CacheCalls.instance().enter(CacheCalls.PUT, self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Origin Class<?> origin,
        @Advice.This(optional = true) Object self,
        @Advice.Enter Object token,
        @Advice.Thrown Throwable thrown,
        @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
        @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
        @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
      CacheCalls.instance()
          .operationExit(origin, self, CacheCalls.PUT, token, thrown, a0, a1, a2, a3);
    }
  }

  public static final class Eviction {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This(optional = true) Object self) {
      return CacheCalls.instance().enter(CacheCalls.EVICTION, self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Origin Class<?> origin,
        @Advice.This(optional = true) Object self,
        @Advice.Enter Object token,
        @Advice.Thrown Throwable thrown,
        @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
        @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
        @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
      CacheCalls.instance()
          .operationExit(origin, self, CacheCalls.EVICTION, token, thrown, a0, a1, a2, a3);
    }
  }

  public static final class Invalidation {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.This(optional = true) Object self) {
      return CacheCalls.instance().enter(CacheCalls.INVALIDATION, self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Origin Class<?> origin,
        @Advice.This(optional = true) Object self,
        @Advice.Enter Object token,
        @Advice.Thrown Throwable thrown,
        @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object a1,
        @Advice.Argument(value = 2, optional = true, typing = Assigner.Typing.DYNAMIC) Object a2,
        @Advice.Argument(value = 3, optional = true, typing = Assigner.Typing.DYNAMIC) Object a3) {
      CacheCalls.instance()
          .operationExit(origin, self, CacheCalls.INVALIDATION, token, thrown, a0, a1, a2, a3);
    }
  }
}
