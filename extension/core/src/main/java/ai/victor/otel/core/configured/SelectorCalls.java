package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Key;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.SelectionRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Tool selections of configured classes: a {@code select_tools} span and the selection latency
 * by the selection cache that served it (query, context, RL, or none) and hit/miss. Without a
 * {@code hit} accessor, a selection is a hit when a cache type other than {@code none} served it.
 */
public final class SelectorCalls extends SpanCalls<SelectionRecorder> {
  private static volatile SelectorCalls global;
  private final SelectionRecorder recorder;

  SelectorCalls(Telemetry telemetry) {
    super(telemetry, Role.SELECTOR);
    recorder = new SelectionRecorder(telemetry);
  }

  public static SelectorCalls instance() {
    SelectorCalls calls = global;
    if (calls == null) {
      synchronized (SelectorCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new SelectorCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  public static SelectorCalls create(Telemetry telemetry) {
    return new SelectorCalls(telemetry);
  }

  @Override
  SelectionRecorder recorder(Target target, Object self, Object a0, Object a1, Object a2,
      Object a3) {
    return recorder;
  }

  @Override
  Object start(SelectionRecorder recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3) {
    return recorder.start(parent);
  }

  @Override
  void end(Call<SelectionRecorder> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    Target target = call.target;
    String cacheType = null;
    boolean hit = false;
    long tools = -1;
    if (thrown == null) {
      cacheType = Accessor.asString(value(target, Key.CACHE_TYPE, self, result, a0, a1, a2, a3));
      hit = target.accessor(Key.HIT) != null
          ? Accessor.asBoolean(value(target, Key.HIT, self, result, a0, a1, a2, a3))
          : cacheType != null && !"none".equals(cacheType);
      tools = Accessor.asCount(value(target, Key.TOOL_COUNT, self, result, a0, a1, a2, a3));
      call.span.setAttribute(Recorders.SELECTION_CACHE_TYPE, cacheType == null ? "none"
          : cacheType);
      if (tools >= 0) {
        call.span.setAttribute(Recorders.SELECTION_TOOL_COUNT, tools);
      }
    } else {
      call.span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
      call.span.recordException(thrown);
    }
    call.recorder.record(nanos, cacheType, hit, tools);
    call.span.end();
  }

  @Override
  void cancel(Call<SelectionRecorder> call, long nanos) {
    Recorders.cancelled(call.span);
  }
}
