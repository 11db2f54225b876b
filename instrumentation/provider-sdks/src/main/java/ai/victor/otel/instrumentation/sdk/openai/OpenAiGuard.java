package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.RateLimits;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.instrumentation.sdk.HttpAttempts;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.SdkCalls;
import ai.victor.otel.instrumentation.sdk.SdkExits;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import java.util.List;

/**
 * What the OpenAI advice calls, behind the module's {@link Breaker}: an OpenAI SDK whose API
 * differs from the one this module was built for fails to link here or in {@link OpenAiReader},
 * and the first such {@link LinkageError} switches the module off with one WARNING. Casts to SDK
 * types happen only inside the guarded calls.
 */
public final class OpenAiGuard {
  static final Breaker BREAKER = new Breaker("victor-openai-java", "docs/libraries/openai-java.md");
  private static final String ROLE = "provider";
  private static final String RETRY_COUNT = "X-Stainless-Retry-Count";
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
  public static Object enter(Object params, boolean stream) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return calls().start(OpenAiReader.model(params), stream);
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

  /**
   * Enter of one HTTP attempt of the SDK's OkHttp client: the provider call it belongs to, or
   * null ({@link HttpAttempts}).
   */
  public static Object attempt(Object request) {
    if (BREAKER.isOpen() || !(request instanceof HttpRequest)) {
      return null;
    }
    try {
      HttpRequest http = (HttpRequest) request;
      List<String> retries = http.headers().values(RETRY_COUNT);
      return HttpAttempts.enter(calls(), retries.isEmpty() ? null : retries.get(0),
          http.baseUrl(), http.body());
    } catch (LinkageError e) {
      return BREAKER.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
      return null;
    }
  }

  /** Exit of an attempt: a response, or a future of one, whose headers carry rate limits. */
  public static void attemptExit(Object started, Object request, Object result) {
    if (!(started instanceof ProviderCall)) {
      return;
    }
    try {
      HttpAttempts.exit(calls(), (ProviderCall) started, ((HttpRequest) request).body(), result,
          OpenAiGuard::headers);
    } catch (LinkageError e) {
      BREAKER.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
    }
  }

  /** The rate-limit headers of a response; null for anything else. */
  private static RateLimits.Headers headers(Object response) {
    if (!(response instanceof HttpResponse)) {
      return null;
    }
    Headers headers = ((HttpResponse) response).headers();
    return name -> {
      List<String> values = headers.values(name);
      return values.isEmpty() ? null : values.get(0);
    };
  }
}
