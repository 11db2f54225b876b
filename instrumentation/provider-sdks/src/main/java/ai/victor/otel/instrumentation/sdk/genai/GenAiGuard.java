package ai.victor.otel.instrumentation.sdk.genai;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.SdkCalls;
import ai.victor.otel.instrumentation.sdk.SdkExits;
import com.google.genai.ResponseStream;
import java.util.concurrent.CompletableFuture;

/**
 * What the Google GenAI advice calls, behind the module's {@link Breaker}. The SDK's stream is a
 * concrete class, {@code ResponseStream}, so it is observed from within rather than wrapped: each
 * stream's call is kept against the stream and its iterator (weak identity keys) when the request
 * returns, and the iterator's reads, its end and the stream's close find it there.
 */
public final class GenAiGuard {
  static final Breaker BREAKER =
      new Breaker("victor-google-genai", "docs/libraries/google-genai.md");
  private static final String ROLE = "provider";
  /** Streams and their iterators, each mapped to its call, until collected. */
  private static final WeakIdentityMap<SdkCall> STREAMS = new WeakIdentityMap<>();
  private static volatile SdkCalls calls;

  private GenAiGuard() {}

  static SdkCalls calls() {
    SdkCalls instance = calls;
    if (instance == null) {
      synchronized (GenAiGuard.class) {
        instance = calls;
        if (instance == null) {
          instance = new SdkCalls(Telemetry.get(), BREAKER, "gcp.gen_ai", new GenAiReader());
          calls = instance;
        }
      }
    }
    return instance;
  }

  /** Enter of a model request ({@code privateGenerateContent[Stream]}): the call, or null. */
  public static Object enter(String model, boolean stream) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return calls().start(model, stream);
    } catch (LinkageError e) {
      return BREAKER.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
      return null;
    }
  }

  /** Exit of a request returning a response, or a future of one. */
  public static void exit(Object call, Object result, Throwable thrown) {
    SdkExits.exit(call, result, thrown);
  }

  /** Exit of a request returning a stream, or a future of one. */
  public static void streamExit(Object started, Object result, Throwable thrown) {
    SdkCall call = SdkExits.streamExit(started, result, thrown);
    if (call == null) {
      return;
    }
    try {
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
    } catch (LinkageError e) {
      call.cancelled();
      BREAKER.trip(ROLE, e);
    }
  }

  private static void observe(ResponseStream<?> stream, SdkCall call) {
    STREAMS.putIfAbsent(stream, call);
    STREAMS.putIfAbsent(stream.iterator(), call);
  }

  /** Exit of the iterator's read of one element: a chunk, or the error the stream carried. */
  public static void read(Object iterator, Object chunk, Throwable thrown) {
    SdkCall call = STREAMS.get(iterator);
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
  public static void hasNext(Object iterator, boolean more) {
    if (!more) {
      SdkCall call = STREAMS.get(iterator);
      if (call != null) {
        call.completed();
      }
    }
  }

  /** Enter of the stream's {@code close}: before its end, the consumer gave up. */
  public static void closed(Object stream) {
    SdkCall call = STREAMS.get(stream);
    if (call != null) {
      call.cancelled();
    }
  }
}
