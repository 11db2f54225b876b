package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider calls of one SDK, one instance per module and application class loader. A call
 * is recorded unless a framework already records it (a provider call of Spring AI, LangChain4j
 * or a configured class encloses it: {@link ProviderRecorder#inCall}); when the upstream agent
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

  public SdkCalls(Telemetry telemetry, Breaker breaker, String provider, Reader reader) {
    this.telemetry = telemetry;
    this.breaker = breaker;
    this.provider = provider;
    this.reader = reader;
  }

  /**
   * The call a service method's entry starts, in the current context; null when it is not
   * recorded here. {@code model} is the request's model, null when the request names none.
   */
  public SdkCall start(String model) {
    Context parent = Context.current();
    if (ProviderRecorder.inCall(parent)) {
      return null;
    }
    ProviderRecorder recorder = recorder(model == null ? "unknown" : model);
    if (UpstreamGenAi.records(parent)) {
      return new SdkCall(this, recorder, null, parent);
    }
    Span span = recorder.start(parent);
    return new SdkCall(this, recorder, span, ProviderRecorder.context(parent, span));
  }

  /** Counts a failure of this module's telemetry; a LinkageError switches the module off. */
  public void failed(Throwable failure) {
    breaker.failed(telemetry.failures(), ROLE, failure);
  }

  private ProviderRecorder recorder(String model) {
    ProviderRecorder recorder = recorders.get(model);
    if (recorder == null) {
      recorder = telemetry.providerRecorder(provider, model);
      if (recorders.size() < MODELS) {
        recorders.putIfAbsent(model, recorder);
      }
    }
    return recorder;
  }
}
