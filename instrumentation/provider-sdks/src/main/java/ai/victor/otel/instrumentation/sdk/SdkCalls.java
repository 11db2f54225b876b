package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider calls of one SDK, one instance per module and application class loader. A call
 * is recorded unless a framework already records it (a provider call of Spring AI, LangChain4j
 * or a configured class encloses it: {@link ProviderCall#current}); when the upstream agent
 * spans it ({@link UpstreamGenAi}) only the victor series are recorded here. Recorders are kept
 * per request model string, so a call costs a map lookup rather than building the (provider,
 * model) key.
 */
public final class SdkCalls {
  private static final String ROLE = "provider";
  /** Model names kept in the lookup map; beyond it, the telemetry's bounded lookup. */
  private static final int MODELS = 64;

  final Telemetry telemetry;
  final Reader reader;
  private final Breaker breaker;
  private final String provider;
  private final ConcurrentHashMap<String, ProviderRecorder> recorders = new ConcurrentHashMap<>();
  /** The lists of one finish reason the spans share, by reason: a closed set, capped anyway. */
  private final ConcurrentHashMap<String, List<String>> reasons = new ConcurrentHashMap<>();
  /** The server of the last request seen, null before the first. */
  private volatile Server server;

  public SdkCalls(Telemetry telemetry, Breaker breaker, String provider, Reader reader) {
    this.telemetry = telemetry;
    this.breaker = breaker;
    this.provider = provider;
    this.reader = reader;
  }

  /**
   * The call a service method's entry starts, in the current context; null when it is not
   * recorded here. {@code model} is the request's model, null when the request names none;
   * {@code stream} whether the method returns a stream.
   */
  public SdkCall start(String model, boolean stream) {
    Context parent = Context.current();
    if (ProviderCall.current(parent) != null) {
      return null;
    }
    ProviderRecorder recorder = recorder(model == null ? "unknown" : model);
    return new SdkCall(this, UpstreamGenAi.records(parent) ? recorder.startSeriesOnly(parent)
        : recorder.start(parent), stream);
  }

  /** Counts a failure of this module's telemetry; a LinkageError switches the module off. */
  public void failed(Throwable failure) {
    breaker.failed(telemetry.failures(), ROLE, failure);
  }

  /**
   * The server of a call's first HTTP attempt, from its base URL: on the call (span and GenAI
   * metrics) and, from now on, on the recorders of new calls. The base URL is parsed once: its
   * string is the client's own, the same on every request.
   */
  void server(ProviderCall call, String baseUrl) {
    if (baseUrl == null) {
      return;
    }
    Server known = server;
    if (known == null || (known.baseUrl != baseUrl && !known.baseUrl.equals(baseUrl))) {
      known = Server.parse(baseUrl);
      if (known == null) {
        return;
      }
      boolean first = server == null;
      server = known;
      if (first) {
        // The recorders made before the server was known would leave it off every later call.
        recorders.clear();
      }
    }
    call.server(known.address, known.port);
  }

  /**
   * The immutable list of the one finish reason {@code reason} (null for none), shared by the
   * calls' spans; beyond {@link #MODELS} distinct reasons a new list per call.
   */
  List<String> reasons(String reason) {
    if (reason == null) {
      return null;
    }
    List<String> list = reasons.get(reason);
    if (list == null) {
      list = Collections.singletonList(reason);
      if (reasons.size() < MODELS) {
        reasons.putIfAbsent(reason, list);
      }
    }
    return list;
  }

  private ProviderRecorder recorder(String model) {
    ProviderRecorder recorder = recorders.get(model);
    if (recorder == null) {
      Server known = server;
      recorder = known == null ? telemetry.providerRecorder(provider, model)
          : telemetry.providerRecorder(provider, model, known.address, known.port);
      if (recorders.size() < MODELS) {
        recorders.putIfAbsent(model, recorder);
      }
    }
    return recorder;
  }

  /** A base URL's host and port (the scheme's default when it names none). */
  private static final class Server {
    final String baseUrl;
    final String address;
    final long port;

    private Server(String baseUrl, String address, long port) {
      this.baseUrl = baseUrl;
      this.address = address;
      this.port = port;
    }

    static Server parse(String baseUrl) {
      try {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost();
        if (host == null) {
          return null;
        }
        long port = uri.getPort() > 0 ? uri.getPort()
            : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        return new Server(baseUrl, host, port);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
