package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.SdkCalls;
import ai.victor.otel.instrumentation.sdk.SdkExits;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;

/**
 * What the OpenAI advice calls, behind the module's {@link Breaker}: an OpenAI SDK whose API
 * differs from the one this module was built for fails to link here or in {@link OpenAiReader},
 * and the first such {@link LinkageError} switches the module off with one WARNING. Casts to SDK
 * types happen only inside the guarded calls.
 */
public final class OpenAiGuard {
  static final Breaker BREAKER = new Breaker("victor-openai-java", "docs/libraries/openai-java.md");
  private static final String ROLE = "provider";
  private static volatile SdkCalls calls;

  private OpenAiGuard() {}

  static SdkCalls calls() {
    SdkCalls instance = calls;
    if (instance == null) {
      synchronized (OpenAiGuard.class) {
        instance = calls;
        if (instance == null) {
          instance = new SdkCalls(Telemetry.get(), BREAKER, "openai", new OpenAiReader());
          calls = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Enter of a chat completions or Responses {@code create}/{@code createStreaming}: the call, or
   * null when it is not recorded here.
   */
  public static Object enter(Object params) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return calls().start(OpenAiReader.model(params));
    } catch (LinkageError e) {
      return BREAKER.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
      return null;
    }
  }

  public static void exit(Object call, Object result, Throwable thrown) {
    SdkExits.exit(call, result, thrown);
  }

  /**
   * The observed stream to return instead of {@code stream} (blocking or asynchronous), or null
   * to keep it.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static Object streamExit(Object started, Object stream, Throwable thrown) {
    SdkCall call = SdkExits.streamExit(started, stream, thrown);
    if (call == null) {
      return null;
    }
    try {
      if (stream instanceof StreamResponse) {
        return new OpenAiStream((StreamResponse) stream, call);
      }
      if (stream instanceof AsyncStreamResponse) {
        return new OpenAiAsyncStream((AsyncStreamResponse) stream, call);
      }
      call.cancelled();
      return null;
    } catch (LinkageError e) {
      call.cancelled();
      return BREAKER.trip(ROLE, e);
    }
  }
}
