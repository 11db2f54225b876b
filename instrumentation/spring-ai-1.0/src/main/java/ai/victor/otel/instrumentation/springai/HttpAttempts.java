package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.RateLimits;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The HTTP requests Spring's clients ({@code RestClient}, {@code RestTemplate}, which Spring AI's
 * provider modules use for calls) make inside a provider call, on its thread: the first tells the
 * model's server; a response's headers carry the provider's rate limits; a failed request (an
 * I/O error, a 429 or 5xx) that another request follows is a retry of the same logical call
 * (Spring AI's {@code RetryTemplate}), counted when the call ends. Requests of the tool loop
 * that Spring AI 1.x runs inside one call are not retries: they succeed. An interceptor's request
 * and the request it delegates to are one. Used only by the advice on {@code
 * AbstractClientHttpRequest.execute}, so it loads only where spring-web is.
 */
final class HttpAttempts {
  private HttpAttempts() {}

  /** Enter advice: the chat operation the request belongs to, or null. */
  static Object enter(Object request) {
    Operation call = SpringAiCalls.currentChat();
    if (call == null) {
      return null;
    }
    if (call.httpDepth++ == 0 && call.attempts++ == 0 && request instanceof ClientHttpRequest) {
      URI uri = ((ClientHttpRequest) request).getURI();
      if (uri != null && uri.getHost() != null) {
        int port = uri.getPort() > 0 ? uri.getPort()
            : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        call.call.server(uri.getHost(), port);
      }
    }
    return call;
  }

  /** Exit advice, for the outermost request of an attempt: its outcome and rate limits. */
  static void exit(Object started, Object response, Throwable thrown) throws Exception {
    Operation call = (Operation) started;
    if (--call.httpDepth > 0) {
      return;
    }
    if (!(response instanceof ClientHttpResponse)) {
      call.failedAttempts++;
      return;
    }
    ClientHttpResponse clientResponse = (ClientHttpResponse) response;
    int status = clientResponse.getStatusCode().value();
    if (status == 429 || status >= 500) {
      call.failedAttempts++;
    } else if (status < 400 && call.answeredAttempts++ > 0) {
      // Another answered request in the same call: a round of the tool loop Spring AI 1.x runs
      // inside one call, a model call of the agent invocation.
      AgentInvocation invocation = AgentInvocation.current(call.call.parentContext());
      if (invocation != null) {
        invocation.modelCall();
      }
    }
    HttpHeaders headers = clientResponse.getHeaders();
    RateLimits.record(call.call, headers::getFirst);
  }
}
