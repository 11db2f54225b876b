package ai.victor.otel.instrumentation.mcp.calls;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * One subscription to an observed Mono, and the subscriber between it and the application's: it
 * passes every signal on unchanged and ends the recording once, on the answer, the first error or
 * a cancellation, before the application sees the signal (so a blocked caller finds it recorded).
 * The application's signals run in the context it subscribed in, not in the recorded span's.
 * Reactor's own context ({@code contextWrite}) reaches the source through {@link
 * #currentContext()}.
 */
abstract class Observation implements CoreSubscriber<Object>, Subscription {
  private static final AtomicIntegerFieldUpdater<Observation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(Observation.class, "ended");

  final long startNanos = System.nanoTime();
  /** The context the application subscribed in. */
  final Context parent;
  private CoreSubscriber<? super Object> actual;
  private Subscription upstream;
  private volatile int ended;

  Observation(Context parent) {
    this.parent = parent;
  }

  void subscribedBy(CoreSubscriber<? super Object> actual) {
    this.actual = actual;
  }

  /** The answer arrived; the recording ends with it (called once). */
  abstract void succeeded(Object value, long nanos);

  abstract void failed(Throwable error, long nanos);

  abstract void cancelled();

  /** Guarded by the module's breaker: the application's signal goes on whatever happens here. */
  private boolean end() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  @Override
  public reactor.util.context.Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    actual.onSubscribe(this);
  }

  @Override
  public void onNext(Object value) {
    if (end()) {
      try {
        succeeded(value, System.nanoTime() - startNanos);
      } catch (Throwable t) {
        McpGuard.BREAKER.failed(Mcp.get().telemetry.failures(), McpGuard.ROLE, t);
      }
    }
    try (Scope ignored = parent.makeCurrent()) {
      actual.onNext(value);
    }
  }

  @Override
  public void onError(Throwable error) {
    if (end()) {
      try {
        failed(error, System.nanoTime() - startNanos);
      } catch (Throwable t) {
        McpGuard.BREAKER.failed(Mcp.get().telemetry.failures(), McpGuard.ROLE, t);
      }
    }
    try (Scope ignored = parent.makeCurrent()) {
      actual.onError(error);
    }
  }

  @Override
  public void onComplete() {
    if (end()) {
      try {
        succeeded(null, System.nanoTime() - startNanos);
      } catch (Throwable t) {
        McpGuard.BREAKER.failed(Mcp.get().telemetry.failures(), McpGuard.ROLE, t);
      }
    }
    try (Scope ignored = parent.makeCurrent()) {
      actual.onComplete();
    }
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    if (end()) {
      try {
        cancelled();
      } catch (Throwable t) {
        McpGuard.BREAKER.failed(Mcp.get().telemetry.failures(), McpGuard.ROLE, t);
      }
    }
    upstream.cancel();
  }
}
