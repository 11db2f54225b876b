package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One provider call in progress. A streaming call ends on whichever thread the provider reports
 * completion or failure, possibly while {@code doChat} is still returning: {@link #claimEnd}
 * lets exactly one of them record it.
 */
final class ChatCall {
  private static final AtomicIntegerFieldUpdater<ChatCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ChatCall.class, "ended");

  final ProviderRecorder recorder;
  final Context parentContext;
  final Span span;
  final Scope scope;
  final long startNanos;
  private volatile int ended;

  ChatCall(ProviderRecorder recorder, Context parentContext, Span span, Scope scope,
      long startNanos) {
    this.recorder = recorder;
    this.parentContext = parentContext;
    this.span = span;
    this.scope = scope;
    this.startNanos = startNanos;
  }

  /** True for the first caller only. */
  boolean claimEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
