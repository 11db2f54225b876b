package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.recording.ProviderCall;
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

  final ProviderCall call;
  final Scope scope;
  /** The model instance's binding, which learns the server from the call's first request. */
  final ChatCalls.ModelBinding binding;
  /** HTTP requests this call made so far: those after the first are retries (doChat thread). */
  int attempts;
  private volatile int ended;

  ChatCall(ProviderCall call, Scope scope, ChatCalls.ModelBinding binding) {
    this.call = call;
    this.scope = scope;
    this.binding = binding;
  }

  /** True for the first caller only. */
  boolean claimEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
