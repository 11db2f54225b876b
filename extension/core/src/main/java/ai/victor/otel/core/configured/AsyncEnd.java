package ai.victor.otel.core.configured;

import io.opentelemetry.context.Context;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The end of one call whose result is asynchronous: it runs once, on whichever thread the result
 * completes, fails or is cancelled, with the duration up to that moment and the completed value
 * (for a Flux, its last element) as {@code result} for the accessors. Upstream's {@code methods}
 * instrumentation ends such calls the same way ({@code AsyncOperationEndSupport}).
 */
final class AsyncEnd implements BiConsumer<Object, Throwable> {
  private final SpanCalls<?> calls;
  private final Call<?> call;
  /** The span's context, current while a Reactor publisher is subscribed. */
  final Context context;
  private final Object self;
  private final Object a0;
  private final Object a1;
  private final Object a2;
  private final Object a3;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Object last;

  AsyncEnd(SpanCalls<?> calls, Call<?> call, Context context, Object self, Object a0, Object a1,
      Object a2, Object a3) {
    this.calls = calls;
    this.call = call;
    this.context = context;
    this.self = self;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
  }

  /** A {@code CompletionStage} completed: with a value, or with an error or a cancellation. */
  @Override
  public void accept(Object value, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof CancellationException) {
      cancelled();
    } else {
      end(value, cause, false);
    }
  }

  /** A Mono emitted its value (null: completed empty). */
  void succeeded(Object value) {
    end(value, null, false);
  }

  /** A Flux emitted an element: the last one is the result the accessors read. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void next(Object element) {
    last = element;
    try {
      ((SpanCalls) calls).next(call);
    } catch (Throwable t) {
      calls.telemetry.failures().record(calls.role, t);
    }
  }

  /** A Flux completed. */
  void completed() {
    end(last, null, false);
  }

  void failed(Throwable error) {
    end(null, error, false);
  }

  void cancelled() {
    end(null, null, true);
  }

  private void end(Object value, Throwable error, boolean cancelled) {
    if (ended.compareAndSet(false, true)) {
      calls.completed(call, System.nanoTime() - call.startNanos, self, value, error, cancelled,
          a0, a1, a2, a3);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
