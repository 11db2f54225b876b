package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.RateLimits;
import java.util.List;

/**
 * An {@link SdkGuard} for the SDKs Stainless generates (OpenAI, Anthropic): the same HTTP layer in
 * each SDK's own package, whose attempts ({@link HttpAttempts}) carry retries and rate limits.
 * Subclasses read the SDK's request and response types.
 */
public abstract class StainlessGuard extends SdkGuard {
  private static final String RETRY_COUNT = "X-Stainless-Retry-Count";
  /**
   * Reads the rate-limit headers of any response ({@link #rateLimitHeader}): one reader for every
   * response, where a {@link RateLimits.Headers} over each response was an object per call.
   */
  private final RateLimits.HeaderReader<Object> headers = this::rateLimitHeader;

  protected StainlessGuard(Breaker breaker, String provider) {
    super(breaker, provider);
  }

  /** Whether {@code request} is the SDK's {@code HttpRequest}. */
  protected abstract boolean isRequest(Object request);

  /** The values of a request's header; may fail to link. */
  protected abstract List<String> header(Object request, String name);

  protected abstract String baseUrl(Object request);

  protected abstract Object body(Object request);

  /** Whether {@code response} is the SDK's {@code HttpResponse}. */
  protected abstract boolean isResponse(Object response);

  /** The values of a response's header. */
  protected abstract List<String> responseHeader(Object response, String name);

  /**
   * Enter of one HTTP attempt of the SDK's OkHttp client: the provider call it belongs to, or
   * null ({@link HttpAttempts}).
   */
  public final Object attempt(Object request) {
    if (breaker.isOpen() || !isRequest(request)) {
      return null;
    }
    try {
      return HttpAttempts.enter(calls(), first(header(request, RETRY_COUNT)), baseUrl(request),
          body(request));
    } catch (LinkageError e) {
      return breaker.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
      return null;
    }
  }

  /** Exit of an attempt: a response, or a future of one, whose headers carry rate limits. */
  public final void attemptExit(Object started, Object request, Object result) {
    if (!(started instanceof ProviderCall)) {
      return;
    }
    try {
      HttpAttempts.exit(calls(), (ProviderCall) started, body(request), result, headers);
    } catch (LinkageError e) {
      breaker.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
    }
  }

  /** A header of a response; null when absent or not a response. */
  private String rateLimitHeader(Object response, String name) {
    return isResponse(response) ? first(responseHeader(response, name)) : null;
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
