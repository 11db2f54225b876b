package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.TokenUsage;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;

/**
 * One provider call made through an SDK, from the service method's entry until its response, its
 * future or its stream ends; ended exactly once, on whichever thread that happens. The SDK's
 * module reads what the response says into it ({@link Reader}); the end hands it all to the core
 * {@link ProviderCall}, which records the victor series, tokens of every kind, cost and chunk
 * timings, and the GenAI span and metrics unless the upstream agent records those ({@link
 * UpstreamGenAi}: then the call is series-only and has no span of ours).
 */
public final class SdkCall implements BiConsumer<Object, Throwable> {
  private static final AtomicIntegerFieldUpdater<SdkCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(SdkCall.class, "ended");

  private final SdkCalls calls;
  final ProviderCall call;
  private final Scope scope;
  private volatile int ended;

  public volatile long inputTokens = TokenUsage.NOT_REPORTED;
  public volatile long outputTokens = TokenUsage.NOT_REPORTED;
  public volatile long cacheReadTokens = TokenUsage.NOT_REPORTED;
  public volatile long cacheWriteTokens = TokenUsage.NOT_REPORTED;
  public volatile long reasoningTokens = TokenUsage.NOT_REPORTED;
  public volatile String responseModel;
  public volatile String responseId;
  private volatile String streamError;
  /** Whether the call has a span of ours: what goes on the span only is read only then. */
  private final boolean traced;
  private String finishReason; // the first; guarded by this
  private List<String> finishReasons; // from the second distinct one on; guarded by this

  SdkCall(SdkCalls calls, ProviderCall call, boolean stream) {
    this.calls = calls;
    this.call = call;
    this.traced = call.span().isRecording();
    if (stream) {
      call.stream(true);
    }
    // The SDK's own work (its HTTP request, the okhttp callback of an async one) runs in the
    // call's context: the agent's HTTP client span nests beneath the chat span, and the SDK's
    // HTTP attempts find the call for their retries and rate-limit headers.
    this.scope = call.context().makeCurrent();
  }

  /** Leaves the call's context: the exit of the service method, on the calling thread. */
  public void exit() {
    scope.close();
  }

  /**
   * Whether the call has a recording span of ours: finish reasons go on the span only, so a
   * reader skips them otherwise (a call the upstream agent spans, an unsampled one).
   */
  public boolean traced() {
    return traced;
  }

  /**
   * A finish reason, lower case as the GenAI convention spells them, once each. The usual single
   * reason is kept as is and ends on the span as the module's shared list of it ({@link
   * SdkCalls#reasons}), so that a call allocates no list of its own.
   */
  public synchronized void finishReason(String reason) {
    if (!traced || reason == null || reason.isEmpty()) {
      return;
    }
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    if (finishReason == null) {
      finishReason = lower;
    } else if (!finishReason.equals(lower)) {
      if (finishReasons == null) {
        finishReasons = new ArrayList<>(2);
        finishReasons.add(finishReason);
      }
      if (!finishReasons.contains(lower)) {
        finishReasons.add(lower);
      }
    }
  }

  /** A complete response: read, then the call succeeded. */
  public void result(Object result) {
    if (result != null) {
      try {
        calls.reader.result(this, result);
      } catch (Throwable t) {
        calls.failed(t);
      }
    }
    end(null, null);
  }

  /** One element of the call's stream. */
  public void chunk(Object chunk) {
    try {
      calls.reader.chunk(this, chunk);
    } catch (Throwable t) {
      calls.failed(t);
    }
  }

  /**
   * A chunk carrying output (text, a tool call) arrived: the first one's time from the start is
   * the time to first chunk, each later one's time since the previous the time per output chunk.
   * Envelope events that real APIs send at once (a Responses {@code response.created}, an
   * Anthropic {@code message_start}) do not count.
   */
  public void outputChunk() {
    call.chunk();
  }

  /**
   * The stream reported a failure in an event of its own (a Responses {@code response.failed} or
   * {@code error} event) rather than an HTTP status: the call ends as that error when the stream
   * does.
   */
  public void failedInStream(String errorType) {
    streamError = errorType;
  }

  /** The stream ended: the call succeeded, unless it said otherwise in an event. */
  public void completed() {
    end(streamError, null);
  }

  public void failed(Throwable error) {
    if (unwrap(error) instanceof CancellationException) {
      cancelled();
    } else {
      end(SdkErrors.classify(unwrap(error)), unwrap(error));
    }
  }

  /**
   * The consumer gave up (closed a stream before its end, cancelled a future): neither a success
   * nor an error of the provider, so only the span records it (docs/decisions.md).
   */
  public void cancelled() {
    if (ENDED.compareAndSet(this, 0, 1)) {
      try {
        call.cancel();
      } catch (Throwable t) {
        calls.failed(t);
      }
    }
  }

  /** A future's completion: {@code CompletableFuture.whenComplete}. */
  @Override
  public void accept(Object result, Throwable error) {
    if (error != null) {
      failed(error);
    } else {
      result(result);
    }
  }

  private void end(String errorType, Throwable error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      call.responseModel(responseModel);
      call.responseId(responseId);
      synchronized (this) {
        call.finishReasons(finishReasons != null ? finishReasons : calls.reasons(finishReason));
      }
      call.end(TokenUsage.of(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
          reasoningTokens), errorType, error);
    } catch (Throwable t) {
      calls.failed(t);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
