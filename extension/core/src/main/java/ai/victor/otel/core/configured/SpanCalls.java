package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * What the traced roles (selector, provider, tool) share: finding the target of an instrumented
 * class, the per-thread stack of calls in progress, and opening and closing the span's scope.
 */
abstract class SpanCalls<R> {
  final Telemetry telemetry;
  final String role;
  private final List<Target> targets;
  private final ThreadLocal<Call<R>> current = new ThreadLocal<>();
  private final ClassValue<Target> bindings = new ClassValue<Target>() {
    @Override
    protected Target computeValue(Class<?> type) {
      return TargetLookup.find(targets, type);
    }
  };

  SpanCalls(Telemetry telemetry, Role role) {
    this.telemetry = telemetry;
    this.role = role.key();
    this.targets = telemetry.config().targets(role);
  }

  /** Enter advice: the call to pass to {@link #exit}, or null when this call is not recorded. */
  public final Object enter(Class<?> origin, Object self, Object a0, Object a1, Object a2,
      Object a3) {
    try {
      Call<R> parent = current.get();
      if (Call.isReentry(parent, self)) {
        return null;
      }
      Target target = bindings.get(origin);
      if (target == null) {
        return null;
      }
      R recorder = recorder(target, self, a0, a1, a2, a3);
      Context context = Context.current();
      Span span = start(recorder, target, context, self, a0, a1, a2, a3);
      Call<R> call = new Call<>(self, parent, recorder, target, span,
          context.with(span).makeCurrent(), System.nanoTime());
      current.set(call);
      return call;
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
      return null;
    }
  }

  /** Exit advice: ends what {@link #enter} started; never throws. */
  @SuppressWarnings("unchecked")
  public final void exit(Object started, Object self, Object result, Throwable thrown, Object a0,
      Object a1, Object a2, Object a3) {
    if (!(started instanceof Call)) {
      return;
    }
    Call<R> call = (Call<R>) started;
    long nanos = System.nanoTime() - call.startNanos;
    try {
      current.set(call.parent);
      call.scope.close();
      end(call, nanos, self, result, thrown, a0, a1, a2, a3);
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
    }
  }

  abstract R recorder(Target target, Object self, Object a0, Object a1, Object a2, Object a3);

  abstract Span start(R recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3);

  abstract void end(Call<R> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3);

  /**
   * An accessor's value, or null when the target does not configure it or reading it failed. A
   * failing accessor is counted and logged once, and costs only its own value: the call is
   * still recorded.
   */
  final Object value(Target target, String key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    Accessor accessor = target.accessor(key);
    if (accessor == null) {
      return null;
    }
    try {
      return accessor.value(self, result, a0, a1, a2, a3);
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
      return null;
    }
  }

  /** Message content, only when capture is switched on, truncated to the configured length. */
  final String content(Target target, String key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    if (!telemetry.config().captureContent() || target.accessor(key) == null) {
      return null;
    }
    Object value = value(target, key, self, result, a0, a1, a2, a3);
    if (value == null) {
      return null;
    }
    String text = value.toString();
    int max = telemetry.config().contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }
}
