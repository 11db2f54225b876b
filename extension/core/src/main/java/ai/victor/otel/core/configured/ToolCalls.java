package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Key;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Tool executions of configured classes: an {@code execute_tool {name}} span, the duration
 * histogram by status, and the in-progress gauge. A call that throws is an error (a timeout when
 * the failure is one); a call whose {@code failed} accessor reads true is an error too, because
 * frameworks often turn a tool failure into a result string.
 */
public final class ToolCalls extends SpanCalls<ToolRecorder> {
  private static volatile ToolCalls global;
  private final NamedRecorders<ToolRecorder> recorders;

  ToolCalls(Telemetry telemetry) {
    super(telemetry, Role.TOOL);
    recorders = new NamedRecorders<>(telemetry.config().targets(Role.TOOL),
        (target, self, a0, a1, a2, a3) -> telemetry.toolRecorder(
            Accessor.asString(value(target, Key.TOOL, self, null, a0, a1, a2, a3))),
        target -> target.accessor(Key.TOOL).isPerInstance());
  }

  public static ToolCalls instance() {
    ToolCalls calls = global;
    if (calls == null) {
      synchronized (ToolCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ToolCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  public static ToolCalls create(Telemetry telemetry) {
    return new ToolCalls(telemetry);
  }

  @Override
  ToolRecorder recorder(Target target, Object self, Object a0, Object a1, Object a2, Object a3)
      {
    return recorders.get(target, self, a0, a1, a2, a3);
  }

  @Override
  Context contextOf(Object handle, Context parent, ToolRecorder recorder) {
    return Recorders.toolContext(parent, (Span) handle, recorder);
  }

  @Override
  Object start(ToolRecorder recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3) {
    Object type = value(target, Key.TOOL_TYPE, self, null, a0, a1, a2, a3);
    // The arguments are read for the loop detection of an agent invocation (hashed, never
    // kept), and for the span only when content capture is on.
    Object arguments = AgentInvocation.current(parent) == null ? null
        : value(target, Key.ARGUMENTS, self, null, a0, a1, a2, a3);
    Span span = recorder.start(parent, type == null ? "function" : type.toString(),
        arguments == null ? null : arguments.toString());
    Object callId = value(target, Key.CALL_ID, self, null, a0, a1, a2, a3);
    if (callId != null) {
      span.setAttribute(Recorders.GENAI_TOOL_CALL_ID, callId.toString());
    }
    String captured = content(target, Key.ARGUMENTS, self, null, a0, a1, a2, a3);
    if (captured != null) {
      span.setAttribute(Recorders.GENAI_TOOL_ARGUMENTS, captured);
    }
    return span;
  }

  @Override
  void end(Call<ToolRecorder> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    String status;
    if (thrown != null) {
      status = ErrorClassifier.TIMEOUT.equals(ErrorClassifier.classify(thrown))
          ? Recorders.STATUS_TIMEOUT : Recorders.STATUS_ERROR;
    } else {
      boolean failed = call.target.accessor(Key.FAILED) != null && Accessor.asBoolean(
          value(call.target, Key.FAILED, self, result, a0, a1, a2, a3));
      status = failed ? Recorders.STATUS_ERROR : Recorders.STATUS_SUCCESS;
      String output = content(call.target, Key.RESULT, self, result, a0, a1, a2, a3);
      if (output != null) {
        call.span.setAttribute(Recorders.GENAI_TOOL_RESULT, output);
      }
    }
    call.recorder.end(call.span, nanos, status, thrown);
  }

  @Override
  void cancel(Call<ToolRecorder> call, long nanos) {
    call.recorder.cancel(call.span);
  }
}
