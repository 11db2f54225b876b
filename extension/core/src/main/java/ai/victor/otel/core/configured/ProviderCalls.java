package ai.victor.otel.core.configured;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Key;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.GenAiMessages;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.RateLimits;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.core.recording.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Map;

/**
 * LLM provider calls of configured classes: a GenAI {@code chat {model}} client span, the
 * victor provider series and the GenAI metrics, with failures classified. What the target's
 * accessors read (tokens by kind, response model, rate-limit headers, retries, conversation id,
 * tenant, server) goes to the call's {@link ProviderCall}. A streamed answer is timed from the
 * elements of a returned {@code Flux} or from the target's {@code chunk-methods}, methods of the
 * provider class called once per chunk on the thread of the call ({@link #chunk}).
 */
public final class ProviderCalls extends SpanCalls<ProviderRecorder> {
  private static volatile ProviderCalls global;
  private final NamedRecorders<ProviderRecorder> recorders;

  ProviderCalls(Telemetry telemetry) {
    super(telemetry, Role.PROVIDER);
    recorders = new NamedRecorders<>(telemetry.config().targets(Role.PROVIDER),
        (target, self, a0, a1, a2, a3) -> {
          Object address = value(target, Key.SERVER_ADDRESS, self, null, a0, a1, a2, a3);
          long port = Accessor.asCount(value(target, Key.SERVER_PORT, self, null, a0, a1, a2, a3));
          return telemetry.providerRecorder(name(target, Key.PROVIDER, self, a0, a1, a2, a3),
              name(target, Key.MODEL, self, a0, a1, a2, a3),
              address == null ? null : address.toString(), port);
        },
        target -> perInstance(target, Key.PROVIDER) && perInstance(target, Key.MODEL)
            && perInstance(target, Key.SERVER_ADDRESS) && perInstance(target, Key.SERVER_PORT));
  }

  private static boolean perInstance(Target target, Key key) {
    Accessor accessor = target.accessor(key);
    return accessor == null || accessor.isPerInstance();
  }

  public static ProviderCalls instance() {
    ProviderCalls calls = global;
    if (calls == null) {
      synchronized (ProviderCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ProviderCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  public static ProviderCalls create(Telemetry telemetry) {
    return new ProviderCalls(telemetry);
  }

  /**
   * Advice of a target's {@code chunk-methods}: a chunk of the answer of the call in progress on
   * this thread for {@code self}; nothing when there is none. Never throws.
   */
  public static void onChunk(Object self) {
    instance().chunk(self);
  }

  /** A chunk of the call in progress on this thread for {@code self}; never throws. */
  public void chunk(Object self) {
    try {
      Call<ProviderRecorder> call = inProgress(self);
      if (call != null) {
        ((ProviderCall) call.handle).chunk();
      }
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
    }
  }

  private String name(Target target, Key key, Object self, Object a0, Object a1,
      Object a2, Object a3) {
    String name = Accessor.asString(value(target, key, self, null, a0, a1, a2, a3));
    return name == null ? Labels.UNKNOWN
        : key == Key.PROVIDER ? name.toLowerCase(Locale.ROOT) : name;
  }

  @Override
  ProviderRecorder recorder(Target target, Object self, Object a0, Object a1, Object a2,
      Object a3) {
    return recorders.get(target, self, a0, a1, a2, a3);
  }

  @Override
  Object start(ProviderRecorder recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3) {
    ProviderCall call = recorder.start(parent);
    if (target.accessor(Key.STREAM) != null) {
      call.stream(Accessor.asBoolean(value(target, Key.STREAM, self, null, a0, a1, a2, a3)));
    }
    if (target.accessor(Key.CONVERSATION_ID) != null) {
      call.conversationId(value(target, Key.CONVERSATION_ID, self, null, a0, a1, a2, a3));
    }
    if (target.accessor(Key.TENANT) != null && telemetry.config().tenantEnabled()) {
      call.tenant(Accessor.asString(value(target, Key.TENANT, self, null, a0, a1, a2, a3)));
    }
    String input = content(target, Key.INPUT_MESSAGES, self, null, a0, a1, a2, a3);
    if (input != null) {
      call.span().setAttribute(ai.victor.otel.core.recording.Recorders.GENAI_INPUT_MESSAGES,
          GenAiMessages.text("user", input, Integer.MAX_VALUE));
    }
    return call;
  }

  @Override
  Span spanOf(Object handle) {
    return ((ProviderCall) handle).span();
  }

  @Override
  Context contextOf(Object handle, Context parent, ProviderRecorder recorder) {
    return ((ProviderCall) handle).context();
  }

  @Override
  void next(Call<ProviderRecorder> call) {
    ((ProviderCall) call.handle).chunk();
  }

  @Override
  void end(Call<ProviderRecorder> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    Target target = call.target;
    ProviderCall providerCall = (ProviderCall) call.handle;
    TokenUsage usage = TokenUsage.NONE;
    if (target.accessor(Key.RETRIES) != null) {
      long retries = Accessor.asCount(value(target, Key.RETRIES, self, result, a0, a1, a2, a3));
      providerCall.retries((int) Math.min(Math.max(retries, 0), 100));
    }
    if (thrown == null && result != null) {
      usage = TokenUsage.of(count(target, Key.INPUT_TOKENS, self, result, a0, a1, a2, a3),
          count(target, Key.OUTPUT_TOKENS, self, result, a0, a1, a2, a3),
          count(target, Key.CACHE_READ_TOKENS, self, result, a0, a1, a2, a3),
          count(target, Key.CACHE_WRITE_TOKENS, self, result, a0, a1, a2, a3),
          count(target, Key.REASONING_TOKENS, self, result, a0, a1, a2, a3));
      providerCall.responseModel(Accessor.asString(
          value(target, Key.RESPONSE_MODEL, self, result, a0, a1, a2, a3)));
      providerCall.finishReason(Accessor.asString(
          value(target, Key.FINISH_REASON, self, result, a0, a1, a2, a3)));
      String completion = content(target, Key.OUTPUT_MESSAGES, self, result, a0, a1, a2, a3);
      if (completion != null) {
        providerCall.span().setAttribute(
            ai.victor.otel.core.recording.Recorders.GENAI_OUTPUT_MESSAGES,
            GenAiMessages.text("assistant", completion, Integer.MAX_VALUE));
      }
    }
    if (target.accessor(Key.RATE_LIMIT_HEADERS) != null) {
      // Answers and failures (a 429) alike carry them; a failure's headers come from its
      // exception when the accessor reads one (arg or this), else from the result.
      Object headers = value(target, Key.RATE_LIMIT_HEADERS, self, result, a0, a1, a2, a3);
      if (headers instanceof Map) {
        RateLimits.record(providerCall, RateLimits.of((Map<?, ?>) headers));
      }
    }
    String errorType = thrown == null ? null : ErrorClassifier.classify(thrown);
    providerCall.end(usage, errorType, thrown);
  }

  private long count(Target target, Key key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    return target.accessor(key) == null ? TokenUsage.NOT_REPORTED
        : Accessor.asCount(value(target, key, self, result, a0, a1, a2, a3));
  }

  @Override
  void cancel(Call<ProviderRecorder> call, long nanos) {
    ((ProviderCall) call.handle).cancel();
  }
}
