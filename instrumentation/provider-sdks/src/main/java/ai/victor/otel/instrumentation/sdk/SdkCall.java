package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
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
 * module reads what the response says into it ({@link Reader}); the end records the victor
 * series, and the GenAI span and metrics unless the upstream agent records those ({@link
 * UpstreamGenAi}: then {@link #span} is null).
 *
 * <p>Besides input and output tokens it keeps what issue 14's recorder API will take: cache-read,
 * cache-write and reasoning tokens and the time to the first streamed chunk (-1: not reported).
 * They are set on the span under the GenAI names until that API records them as series.
 */
public final class SdkCall implements BiConsumer<Object, Throwable> {
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<Long> CACHE_READ =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");
  static final AttributeKey<Long> REASONING =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  private static final AtomicIntegerFieldUpdater<SdkCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(SdkCall.class, "ended");

  private final SdkCalls calls;
  private final ProviderRecorder recorder;
  /** Null when the upstream agent's instrumentation spans this call. */
  final Span span;
  private final long startNanos;
  private final Scope scope;
  private volatile int ended;

  public volatile long inputTokens = -1;
  public volatile long outputTokens = -1;
  public volatile long cacheReadTokens = -1;
  public volatile long cacheWriteTokens = -1;
  public volatile long reasoningTokens = -1;
  /** Nanoseconds from the call's start to its first streamed chunk; -1 before it. */
  public volatile long firstChunkNanos = -1;
  public volatile String responseModel;
  public volatile String responseId;
  private volatile String streamError;
  private List<String> finishReasons; // guarded by this

  SdkCall(SdkCalls calls, ProviderRecorder recorder, Span span, Context context) {
    this.calls = calls;
    this.recorder = recorder;
    this.span = span;
    // The SDK's own work (its HTTP request, the okhttp callback of an async one) runs in the
    // call's context, so the agent's HTTP client span nests beneath the chat span.
    this.scope = span == null ? null : context.makeCurrent();
    this.startNanos = System.nanoTime();
  }

  /** Leaves the call's context: the exit of the service method, on the calling thread. */
  public void exit() {
    if (scope != null) {
      scope.close();
    }
  }

  /** A finish reason, lower case as the GenAI convention spells them, once each. */
  public synchronized void finishReason(String reason) {
    if (reason == null || reason.isEmpty()) {
      return;
    }
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    if (finishReasons == null) {
      finishReasons = new ArrayList<>(2);
    }
    if (!finishReasons.contains(lower)) {
      finishReasons.add(lower);
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
   * The first chunk carrying output (text, a tool call) arrived: its time from the start is the
   * time to first chunk. Envelope events that real APIs send at once (a Responses
   * {@code response.created}, an Anthropic {@code message_start}) do not count.
   */
  public void firstOutput() {
    if (firstChunkNanos < 0) {
      firstChunkNanos = System.nanoTime() - startNanos;
    }
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
    if (ENDED.compareAndSet(this, 0, 1) && span != null) {
      try {
        Recorders.cancelled(span);
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
    long nanos = System.nanoTime() - startNanos;
    try {
      if (span == null) {
        recorder.endSeries(nanos, errorType, inputTokens, outputTokens);
        return;
      }
      set(span, Recorders.GENAI_RESPONSE_MODEL, responseModel);
      set(span, RESPONSE_ID, responseId);
      synchronized (this) {
        if (finishReasons != null) {
          span.setAttribute(Recorders.GENAI_FINISH_REASONS, finishReasons);
        }
      }
      set(span, CACHE_READ, cacheReadTokens);
      set(span, CACHE_WRITE, cacheWriteTokens);
      set(span, REASONING, reasoningTokens);
      if (firstChunkNanos >= 0) {
        span.setAttribute(TIME_TO_FIRST_CHUNK, firstChunkNanos / 1e9);
      }
      recorder.end(span, nanos, errorType, error, inputTokens, outputTokens);
    } catch (Throwable t) {
      calls.failed(t);
    }
  }

  private static void set(Span span, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      span.setAttribute(key, value);
    }
  }

  private static void set(Span span, AttributeKey<Long> key, long value) {
    if (value >= 0) {
      span.setAttribute(key, value);
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
