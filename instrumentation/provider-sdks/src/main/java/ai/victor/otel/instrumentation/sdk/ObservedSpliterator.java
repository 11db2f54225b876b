package ai.victor.otel.instrumentation.sdk;

import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * The elements of a blocking stream of an SDK, passed on unchanged and shown to the call: the
 * stream running out ends it as a success, an exception while reading as a failure. Upstream's
 * OpenAI module observes its streams the same way ({@code TracingStreamedResponse}).
 */
public final class ObservedSpliterator<T> implements Spliterator<T>, Consumer<T> {
  private final Spliterator<T> delegate;
  private final SdkCall call;
  private Consumer<? super T> action;

  public ObservedSpliterator(Spliterator<T> delegate, SdkCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    this.action = action;
    boolean advanced;
    try {
      advanced = delegate.tryAdvance(this);
    } catch (RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    if (!advanced) {
      call.completed();
    }
    return advanced;
  }

  /** One element: shown to the call, then handed to the consumer. */
  @Override
  public void accept(T element) {
    call.chunk(element);
    action.accept(element);
  }

  @Override
  public Spliterator<T> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return delegate.estimateSize();
  }

  @Override
  public int characteristics() {
    return delegate.characteristics() & ~(SIZED | SUBSIZED);
  }
}
