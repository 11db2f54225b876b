package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.Telemetry;

/**
 * What a provider SDK module's advice calls, behind the module's {@link Breaker}: an SDK whose API
 * differs from the one the module was built for fails to link in the subclass's hooks or its
 * {@link Reader}, and the first such {@link LinkageError} switches the module off with one
 * WARNING. Casts to SDK types happen only inside the guarded hooks. One instance a module, held
 * in a static field the advice reaches.
 */
public abstract class SdkGuard {
  /** The role a tripped breaker is counted under. */
  protected static final String ROLE = "provider";
  protected final Breaker breaker;
  private final String provider;
  private volatile SdkCalls calls;

  protected SdkGuard(Breaker breaker, String provider) {
    this.breaker = breaker;
    this.provider = provider;
  }

  /** The module's reader of requests, responses and chunks; made once, on first use. */
  protected abstract Reader reader();

  /** The model a request names; may fail to link. */
  protected abstract String model(Object params);

  /**
   * Observes {@code stream} (or a future of one) for {@code call}: the stream to return in its
   * place, or null to keep it. May fail to link.
   */
  protected abstract Object observe(Object stream, SdkCall call);

  protected final SdkCalls calls() {
    SdkCalls instance = calls;
    if (instance == null) {
      synchronized (this) {
        instance = calls;
        if (instance == null) {
          instance = new SdkCalls(Telemetry.get(), breaker, provider, reader());
          calls = instance;
        }
      }
    }
    return instance;
  }

  /** Enter of a model request: the call, or null when it is not recorded here. */
  public final Object enter(Object params, boolean stream) {
    if (breaker.isOpen()) {
      return null;
    }
    try {
      return calls().start(model(params), stream);
    } catch (LinkageError e) {
      return breaker.trip(ROLE, e);
    } catch (Throwable t) {
      calls().failed(t);
      return null;
    }
  }

  /** Exit of a request returning a response, or a future of one. */
  public final void exit(Object call, Object result, Throwable thrown) {
    SdkExits.exit(call, result, thrown);
  }

  /**
   * Exit of a request returning a stream, or a future of one: the observed stream to return
   * instead, or null to keep it.
   */
  public final Object streamExit(Object started, Object stream, Throwable thrown) {
    SdkCall call = SdkExits.streamExit(started, stream, thrown);
    if (call == null) {
      return null;
    }
    try {
      return observe(stream, call);
    } catch (LinkageError e) {
      call.cancelled();
      return breaker.trip(ROLE, e);
    }
  }
}
