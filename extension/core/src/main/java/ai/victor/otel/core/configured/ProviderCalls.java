package ai.victor.otel.core.configured;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Accessor;
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
          Object address = value(target, "server-address", self, null, a0, a1, a2, a3);
          long port = Accessor.asCount(value(target, "server-port", self, null, a0, a1, a2, a3));
          return telemetry.providerRecorder(name(target, "provider", self, a0, a1, a2, a3),
              name(target, "model", self, a0, a1, a2, a3),
              address == null ? null : address.toString(), port);
        },
        target -> perInstance(target, "provider") && perInstance(target, "model")
            && perInstance(target, "server-address") && perInstance(target, "server-port"));
  }

  private static boolean perInstance(Target target, String key) {
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

  private String name(Target target, String key, Object self, Object a0, Object a1,
      Object a2, Object a3) {
    String name = Accessor.asString(value(target, key, self, null, a0, a1, a2, a3));
    return name == null ? Labels.UNKNOWN
        : "provider".equals(key) ? name.toLowerCase(Locale.ROOT) : name;
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
    if (target.accessor("stream") != null) {
      call.stream(Accessor.asBoolean(value(target, "stream", self, null, a0, a1, a2, a3)));
    }
    if (target.accessor("conversation-id") != null) {
      call.conversationId(value(target, "conversation-id", self, null, a0, a1, a2, a3));
    }
    if (target.accessor("tenant") != null && telemetry.config().tenantEnabled()) {
      call.tenant(Accessor.asString(value(target, "tenant", self, null, a0, a1, a2, a3)));
    }
    String input = content(target, "input-messages", self, null, a0, a1, a2, a3);
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
  Context contextOf(Object handle, Context parent) {
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
    if (target.accessor("retries") != null) {
      long retries = Accessor.asCount(value(target, "retries", self, result, a0, a1, a2, a3));
      providerCall.retries((int) Math.min(Math.max(retries, 0), 100));
    }
    if (thrown == null && result != null) {
      usage = TokenUsage.of(count(target, "input-tokens", self, result, a0, a1, a2, a3),
          count(target, "output-tokens", self, result, a0, a1, a2, a3),
          count(target, "cache-read-tokens", self, result, a0, a1, a2, a3),
          count(target, "cache-write-tokens", self, result, a0, a1, a2, a3),
          count(target, "reasoning-tokens", self, result, a0, a1, a2, a3));
      providerCall.responseModel(Accessor.asString(
          value(target, "response-model", self, result, a0, a1, a2, a3)));
      providerCall.finishReason(Accessor.asString(
          value(target, "finish-reason", self, result, a0, a1, a2, a3)));
      String completion = content(target, "output-messages", self, result, a0, a1, a2, a3);
      if (completion != null) {
        providerCall.span().setAttribute(
            ai.victor.otel.core.recording.Recorders.GENAI_OUTPUT_MESSAGES,
            GenAiMessages.text("assistant", completion, Integer.MAX_VALUE));
      }
    }
    if (target.accessor("rate-limit-headers") != null) {
      // Answers and failures (a 429) alike carry them; a failure's headers come from its
      // exception when the accessor reads one (arg or this), else from the result.
      Object headers = value(target, "rate-limit-headers", self, result, a0, a1, a2, a3);
      if (headers instanceof Map) {
        RateLimits.record(providerCall, RateLimits.of((Map<?, ?>) headers));
      }
    }
    String errorType = thrown == null ? null : ErrorClassifier.classify(thrown);
    providerCall.end(usage, errorType, thrown);
  }

  private long count(Target target, String key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    return target.accessor(key) == null ? TokenUsage.NOT_REPORTED
        : Accessor.asCount(value(target, key, self, result, a0, a1, a2, a3));
  }

  @Override
  void cancel(Call<ProviderRecorder> call, long nanos) {
    ((ProviderCall) call.handle).cancel();
  }
}
