package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.instrumentation.sdk.ObservedSpliterator;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import com.openai.core.http.StreamResponse;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The stream a blocking {@code createStreaming} returns, observed: its elements pass through
 * unchanged; reading to the end ends the call, closing it earlier cancels it.
 */
final class OpenAiStream<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final SdkCall call;

  OpenAiStream(StreamResponse<T> delegate, SdkCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public Stream<T> stream() {
    Stream<T> elements = delegate.stream();
    return StreamSupport.stream(new ObservedSpliterator<>(elements.spliterator(), call), false)
        .onClose(elements::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.cancelled();
    }
  }
}
