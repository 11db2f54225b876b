package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/** One tool execution in progress; executions form a per-thread stack. */
final class ToolCall {
  final ToolCall parent;
  final Object executor;
  final Object request;
  final ToolRecorder recorder;
  final Span span;
  final Scope scope;
  final long startNanos;
  /** What the tool method threw, when the executor turned it into a result instead. */
  Throwable swallowed;

  ToolCall(ToolCall parent, Object executor, Object request, ToolRecorder recorder, Span span,
      Scope scope, long startNanos) {
    this.parent = parent;
    this.executor = executor;
    this.request = request;
    this.recorder = recorder;
    this.span = span;
    this.scope = scope;
    this.startNanos = startNanos;
  }

  /** True when this executor or this request is already being recorded on this thread. */
  static boolean isReentry(ToolCall current, Object executor, Object request) {
    for (ToolCall call = current; call != null; call = call.parent) {
      if (call.executor == executor || call.request == request) {
        return true;
      }
    }
    return false;
  }
}
