package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Collections;

/**
 * LLM provider calls of configured classes: a GenAI {@code chat {model}} client span, the
 * victor provider series and the GenAI duration and token metrics, with failures classified.
 */
public final class ProviderCalls extends SpanCalls<ProviderRecorder> {
  private static volatile ProviderCalls global;
  private final NamedRecorders<ProviderRecorder> recorders;

  ProviderCalls(Telemetry telemetry) {
    super(telemetry, Role.PROVIDER);
    recorders = new NamedRecorders<>(telemetry.config().targets(Role.PROVIDER),
        (target, self, a0, a1, a2, a3) -> telemetry.providerRecorder(
            name(target, "provider", self, a0, a1, a2, a3),
            name(target, "model", self, a0, a1, a2, a3)),
        target -> target.accessor("provider").isPerInstance()
            && (target.accessor("model") == null || target.accessor("model").isPerInstance()));
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

  private String name(Target target, String key, Object self, Object a0, Object a1,
      Object a2, Object a3) {
    String name = Accessor.asString(value(target, key, self, null, a0, a1, a2, a3));
    return name == null ? ai.victor.otel.core.Labels.UNKNOWN
        : "provider".equals(key) ? name.toLowerCase(java.util.Locale.ROOT) : name;
  }

  @Override
  ProviderRecorder recorder(Target target, Object self, Object a0, Object a1, Object a2,
      Object a3) {
    return recorders.get(target, self, a0, a1, a2, a3);
  }

  @Override
  Span start(ProviderRecorder recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3) {
    Span span = recorder.start(parent);
    String input = content(target, "input-messages", self, null, a0, a1, a2, a3);
    if (input != null) {
      span.setAttribute(Recorders.GENAI_INPUT_MESSAGES, input);
    }
    return span;
  }

  /** Marked as a provider call, so that a provider SDK beneath it does not record it again. */
  @Override
  Context context(Context parent, Span span) {
    return ProviderRecorder.context(parent, span);
  }

  @Override
  void end(Call<ProviderRecorder> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    Target target = call.target;
    Span span = call.span;
    long input = -1;
    long output = -1;
    if (thrown == null && result != null) {
      input = Accessor.asCount(value(target, "input-tokens", self, result, a0, a1, a2, a3));
      output = Accessor.asCount(value(target, "output-tokens", self, result, a0, a1, a2, a3));
      Object responseModel = value(target, "response-model", self, result, a0, a1, a2, a3);
      if (responseModel != null) {
        span.setAttribute(Recorders.GENAI_RESPONSE_MODEL, responseModel.toString());
      }
      Object finishReason = value(target, "finish-reason", self, result, a0, a1, a2, a3);
      if (finishReason != null) {
        span.setAttribute(Recorders.GENAI_FINISH_REASONS,
            Collections.singletonList(finishReason.toString()));
      }
      String completion = content(target, "output-messages", self, result, a0, a1, a2, a3);
      if (completion != null) {
        span.setAttribute(Recorders.GENAI_OUTPUT_MESSAGES, completion);
      }
    }
    String errorType = thrown == null ? null : ErrorClassifier.classify(thrown);
    call.recorder.end(span, nanos, errorType, thrown, input, output);
  }

  @Override
  void cancel(Call<ProviderRecorder> call, long nanos) {
    Recorders.cancelled(call.span);
  }
}
