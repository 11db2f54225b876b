package ai.victor.otel.core.configured;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * One instrumented call in progress, from enter advice to exit advice. Calls of one role form a
 * per-thread stack so that a method re-entering the same instance (an override calling {@code
 * super}, or recursion) is recorded once, by the outermost call.
 */
final class Call<R> {
  final SpanCalls<R> calls;
  final Object instance;
  final Call<R> parent;
  final R recorder;
  final ai.victor.otel.core.config.Target target;
  /** What the role's start returned: the span, or the provider call or agent invocation. */
  final Object handle;
  final Span span;
  final Scope scope;
  final long startNanos;

  Call(SpanCalls<R> calls, Object instance, Call<R> parent, R recorder,
      ai.victor.otel.core.config.Target target, Object handle, Span span, Scope scope,
      long startNanos) {
    this.calls = calls;
    this.instance = instance;
    this.parent = parent;
    this.recorder = recorder;
    this.target = target;
    this.handle = handle;
    this.span = span;
    this.scope = scope;
    this.startNanos = startNanos;
  }

  /** True when {@code instance} is already being recorded further up this thread's stack. */
  static boolean isReentry(Call<?> current, Object instance) {
    for (Call<?> call = current; call != null; call = call.parent) {
      if (instance != null && call.instance == instance) {
        return true;
      }
    }
    return false;
  }
}
