package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.ProviderCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One instrumented Spring AI call in progress. The calls on a thread form a stack, so that a call
 * made by another of the same kind directly inside it (a delegating chat model, the {@code
 * call(String)} a tool's {@code call(String, ToolContext)} makes) is recorded once, by the outer
 * one, while a chat call inside a tool (an agent used as a tool) is recorded on its own.
 */
class Operation {
  static final int CHAT = 0;
  static final int TOOL = 1;
  static final int SELECTION = 2;

  final int kind;
  final Operation parent;
  final Object recorder;
  final Span span;
  final Context context;
  final long startNanos;
  /** The provider call of a chat operation; null for the other kinds. */
  final ProviderCall call;
  Scope scope;
  /** HTTP requests of a chat call so far, and the failed ones (HttpAttempts; its thread). */
  int attempts;
  int failedAttempts;
  int answeredAttempts;
  /** Nesting of those requests (an interceptor's request and its delegate). */
  int httpDepth;

  Operation(int kind, Operation parent, Object recorder, Span span, Context context,
      long startNanos) {
    this.kind = kind;
    this.parent = parent;
    this.recorder = recorder;
    this.span = span;
    this.context = context;
    this.startNanos = startNanos;
    this.call = null;
  }

  /** A chat operation: the provider call holds its span, context and timing. */
  Operation(Operation parent, ProviderCall call) {
    this.kind = CHAT;
    this.parent = parent;
    this.recorder = null;
    this.span = call.span();
    this.context = call.context();
    this.startNanos = 0;
    this.call = call;
  }
}
