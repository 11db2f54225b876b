package ai.victor.otel.instrumentation.sdk.genai;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.SdkGuard;
import com.google.genai.ResponseStream;
import java.util.concurrent.CompletableFuture;

/**
 * What the Google GenAI advice calls, behind the module's {@link Breaker}. The SDK's stream is a
 * concrete class, {@code ResponseStream}, so it is observed from within rather than wrapped: each
 * stream's call is kept against the stream and its iterator (weak identity keys) when the request
 * returns, and the iterator's reads, its end and the stream's close find it there.
 */
public final class GenAiGuard extends SdkGuard {
  public static final GenAiGuard GUARD = new GenAiGuard();
  /** Streams and their iterators, each mapped to its call, until collected. */
  private final WeakIdentityMap<SdkCall> streams = new WeakIdentityMap<>();

  private GenAiGuard() {
    super(new Breaker("victor-google-genai", "docs/libraries/google-genai.md"), "gcp.gen_ai");
  }

  @Override
  protected Reader reader() {
    return new GenAiReader();
  }

  /** The advice passes the model itself ({@code privateGenerateContent[Stream]}'s argument). */
  @Override
  protected String model(Object model) {
    return (String) model;
  }

  /** Keeps the call against the stream, or against the stream a future completes with. */
  @Override
  protected Object observe(Object result, SdkCall call) {
    if (result instanceof ResponseStream) {
      observe((ResponseStream<?>) result, call);
    } else if (result instanceof CompletableFuture) {
      ((CompletableFuture<?>) result).whenComplete((stream, error) -> {
        if (error != null) {
          call.failed(error);
        } else if (stream instanceof ResponseStream) {
          observe((ResponseStream<?>) stream, call);
        }
      });
    }
    return null;
  }

  private void observe(ResponseStream<?> stream, SdkCall call) {
    streams.putIfAbsent(stream, call);
    streams.putIfAbsent(stream.iterator(), call);
  }

  /** Exit of the iterator's read of one element: a chunk, or the error the stream carried. */
  public void read(Object iterator, Object chunk, Throwable thrown) {
    SdkCall call = streams.get(iterator);
    if (call == null) {
      return;
    }
    if (thrown != null) {
      call.failed(thrown);
    } else {
      call.chunk(chunk);
    }
  }

  /** Exit of the iterator's {@code hasNext}: false is the end of the stream. */
  public void hasNext(Object iterator, boolean more) {
    if (!more) {
      SdkCall call = streams.get(iterator);
      if (call != null) {
        call.completed();
      }
    }
  }

  /** Enter of the stream's {@code close}: before its end, the consumer gave up. */
  public void closed(Object stream) {
    SdkCall call = streams.get(stream);
    if (call != null) {
      call.cancelled();
    }
  }
}
