package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.RateLimits;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import java.net.URI;

/**
 * The HTTP requests LangChain4j's provider modules make through {@code langchain4j-http-client}
 * inside a provider call ({@code doChat}, on its thread): each after the first is a retry of the
 * same logical call; the first tells the model's server ({@code server.address}, {@code
 * server.port}); a successful response's headers carry the provider's rate limits, for a stream
 * when its server-sent-event listener opens. Used only by the advice on {@code HttpClient} and
 * {@code ServerSentEventListener}, so it loads only where that module is.
 */
public final class HttpAttempts {
  private static volatile HttpAttempts global;

  private final ChatCalls chats;
  /** Streams whose listener has not opened yet, by the listener's identity. */
  private final WeakIdentityMap<ChatCall> listeners = new WeakIdentityMap<>();

  HttpAttempts(ChatCalls chats) {
    this.chats = chats;
  }

  static HttpAttempts instance() {
    HttpAttempts attempts = global;
    if (attempts == null) {
      synchronized (HttpAttempts.class) {
        attempts = global;
        if (attempts == null) {
          attempts = new HttpAttempts(ChatCalls.instance());
          global = attempts;
        }
      }
    }
    return attempts;
  }

  /**
   * Enter advice of {@code HttpClient.execute}: the provider call the request belongs to, or
   * null when none is in progress on this thread. {@code listener} is the stream's, or null.
   */
  Object enter(Object request, Object listener) {
    ChatCall call = chats.current();
    if (call == null || !(request instanceof HttpRequest)) {
      return null;
    }
    if (call.attempts++ > 0) {
      call.call.retry();
    } else if (!call.binding.knowsServer()) {
      URI uri = URI.create(((HttpRequest) request).url());
      String host = uri.getHost();
      if (host != null) {
        int port = uri.getPort() > 0 ? uri.getPort()
            : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        call.binding.server(host, port);
        call.call.server(host, port);
      }
    }
    if (listener != null) {
      listeners.putIfAbsent(listener, call);
    }
    return call;
  }

  /** Exit advice of the synchronous {@code execute}: the response's rate-limit headers. */
  void exit(Object started, Object response) {
    if (started instanceof ChatCall && response instanceof SuccessfulHttpResponse) {
      RateLimits.record(((ChatCall) started).call,
          RateLimits.of(((SuccessfulHttpResponse) response).headers()));
    }
  }

  /** Enter advice of a stream listener's {@code onOpen}: the stream's rate-limit headers. */
  void opened(Object listener, Object response) {
    ChatCall call = listeners.size() == 0 ? null : listeners.remove(listener);
    if (call != null && response instanceof SuccessfulHttpResponse) {
      RateLimits.record(call.call, RateLimits.of(((SuccessfulHttpResponse) response).headers()));
    }
  }
}
