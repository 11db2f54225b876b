package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Key;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.Recorders.AgentRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Agent invocations of configured classes (role {@code agent}): the method that handles one
 * request of an agent (a chat turn with its tool loop) gets an {@code invoke_agent {name}} span,
 * and the provider and tool calls beneath it are counted per invocation ({@link
 * AgentInvocation}). A nested call of another agent method is a sub-agent with its own span.
 */
public final class AgentCalls extends SpanCalls<AgentRecorder> {
  private static volatile AgentCalls global;
  private final NamedRecorders<AgentRecorder> recorders;

  AgentCalls(Telemetry telemetry) {
    super(telemetry, Role.AGENT);
    recorders = new NamedRecorders<>(telemetry.config().targets(Role.AGENT),
        (target, self, a0, a1, a2, a3) -> telemetry.agentRecorder(
            Accessor.asString(value(target, Key.NAME, self, null, a0, a1, a2, a3))),
        target -> target.accessor(Key.NAME).isPerInstance());
  }

  public static AgentCalls instance() {
    AgentCalls calls = global;
    if (calls == null) {
      synchronized (AgentCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new AgentCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  public static AgentCalls create(Telemetry telemetry) {
    return new AgentCalls(telemetry);
  }

  @Override
  AgentRecorder recorder(Target target, Object self, Object a0, Object a1, Object a2, Object a3) {
    return recorders.get(target, self, a0, a1, a2, a3);
  }

  @Override
  Object start(AgentRecorder recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3) {
    AgentInvocation invocation = recorder.start(parent);
    if (target.accessor(Key.CONVERSATION_ID) != null) {
      invocation.conversationId(value(target, Key.CONVERSATION_ID, self, null, a0, a1, a2, a3));
    }
    return invocation;
  }

  @Override
  Span spanOf(Object handle) {
    return ((AgentInvocation) handle).span();
  }

  @Override
  Context contextOf(Object handle, Context parent, AgentRecorder recorder) {
    return ((AgentInvocation) handle).context();
  }

  @Override
  void end(Call<AgentRecorder> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    ((AgentInvocation) call.handle).end(thrown);
  }

  @Override
  void cancel(Call<AgentRecorder> call, long nanos) {
    ((AgentInvocation) call.handle).cancel();
  }
}
