package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.RateLimits;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP attempts a Stainless-generated SDK (OpenAI, Anthropic) makes through its OkHttp
 * client inside a provider call: its retrying client sends each with {@code
 * X-Stainless-Retry-Count}, so an attempt whose count is not 0 is a retry of the same logical
 * call; the first attempt tells the call's server; a response's headers carry the provider's
 * rate limits. The call is found in the context ({@link ProviderCall#current}), so this also
 * serves a framework's call that goes through the SDK (Spring AI 2.x, LangChain4j's official
 * OpenAI module). An asynchronous client retries from the thread that completed the previous
 * attempt or from its sleeper's timer, outside the caller's context: its attempts are found by
 * their request body, which every retry of one call shares (a weak identity key, dropped with
 * the request).
 */
public final class HttpAttempts {
  /** The calls of asynchronous attempts in flight, by their request body. */
  private static final WeakIdentityMap<ProviderCall> ASYNC = new WeakIdentityMap<>();

  private HttpAttempts() {}

  /**
   * Enter of one attempt: its provider call, or null when none is in progress in this context.
   * {@code retryCount} is the request's {@code X-Stainless-Retry-Count}, {@code baseUrl} its base
   * URL.
   */
  public static ProviderCall enter(SdkCalls calls, String retryCount, String baseUrl,
      Object body) {
    ProviderCall call = ProviderCall.current(Context.current());
    if (call == null) {
      if (body == null || ASYNC.size() == 0 || (call = ASYNC.get(body)) == null
          || call.isEnded()) {
        return null;
      }
    }
    if (retryCount != null && !"0".equals(retryCount)) {
      call.retry();
    } else {
      calls.server(call, baseUrl);
    }
    return call;
  }

  /**
   * Exit of an attempt: {@code result} is its response, or a future of one (then its retries, on
   * other threads, find the call by {@code body}); {@code headers} reads a response's headers
   * (null for what is not a response).
   */
  public static void exit(SdkCalls calls, ProviderCall call, Object body, Object result,
      RateLimits.HeaderReader<Object> headers) {
    if (result instanceof CompletableFuture) {
      if (body != null && !call.isEnded()) {
        ASYNC.putIfAbsent(body, call);
      }
      ((CompletableFuture<?>) result).whenComplete((response, error) -> {
        try {
          record(call, response, headers);
        } catch (Throwable t) {
          calls.failed(t);
        }
      });
    } else {
      record(call, result, headers);
    }
  }

  private static void record(ProviderCall call, Object response,
      RateLimits.HeaderReader<Object> headers) {
    if (response != null) {
      RateLimits.record(call, response, headers);
    }
  }
}
