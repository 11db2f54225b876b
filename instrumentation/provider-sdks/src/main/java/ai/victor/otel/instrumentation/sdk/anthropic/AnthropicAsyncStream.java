package ai.victor.otel.instrumentation.sdk.anthropic;

import ai.victor.otel.instrumentation.sdk.SdkCall;
import com.anthropic.core.http.AsyncStreamResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The stream an asynchronous {@code createStreaming} returns, observed through the handler it is
 * subscribed with: elements pass through unchanged, the handler's completion ends the call (with
 * the error it carries), closing the stream before that cancels it.
 */
final class AnthropicAsyncStream<T> implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;
  private final SdkCall call;

  AnthropicAsyncStream(AsyncStreamResponse<T> delegate, SdkCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new Observed<T>(handler, call));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new Observed<T>(handler, call), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.cancelled();
    }
  }

  /** The application's handler, with the call shown every element and the completion first. */
  static final class Observed<T> implements Handler<T> {
    private final Handler<? super T> handler;
    private final SdkCall call;

    Observed(Handler<? super T> handler, SdkCall call) {
      this.handler = handler;
      this.call = call;
    }

    @Override
    public void onNext(T element) {
      call.chunk(element);
      handler.onNext(element);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (error.isPresent()) {
        call.failed(error.get());
      } else {
        call.completed();
      }
      handler.onComplete(error);
    }
  }
}
