package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.recording.InstanceTable;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;

/**
 * AI service invocations: LangChain4j makes no span of its own for a call to an {@code AiServices}
 * proxy, so without one the chat and tool spans of one question would be unrelated roots. An
 * {@code invoke_agent {AiServiceInterface}} INTERNAL span, with {@code gen_ai.agent.name} the
 * interface's simple name, groups them. Methods returning a {@code TokenStream} only build the
 * stream (it runs when started, after the invocation returned), so they get no span; nor do
 * {@code Object}, default and chat-memory methods, which never reach a model.
 */
public final class AgentCalls {
  private static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey(
      "gen_ai.agent.name");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";
  private static final String MEMORY_ACCESS = "dev.langchain4j.service.memory.ChatMemoryAccess";
  private static final Agent NOT_AN_AGENT_CALL = new Agent(null, null);
  private static volatile AgentCalls global;

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final InstanceTable<Agent> methods = new InstanceTable<>(65_536);

  AgentCalls(Telemetry telemetry, Tracer tracer) {
    this.telemetry = telemetry;
    this.tracer = tracer;
  }

  public static AgentCalls instance() {
    AgentCalls calls = global;
    if (calls == null) {
      synchronized (AgentCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new AgentCalls(Telemetry.get(), GlobalOpenTelemetry.get()
              .tracerBuilder(Telemetry.SCOPE).setInstrumentationVersion(Telemetry.VERSION).build());
          global = calls;
        }
      }
    }
    return calls;
  }

  /** Enter advice of the AI service proxy's invocation handler: a scope to end, or null. */
  public Object enter(Object method) {
    try {
      if (!(method instanceof Method)) {
        return null;
      }
      Agent agent = methods.get(method, AgentCalls::describe);
      if (agent == NOT_AN_AGENT_CALL) {
        return null;
      }
      Context parent = Context.current();
      Span span = tracer.spanBuilder(agent.spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL)
          .setAllAttributes(agent.attributes)
          .startSpan();
      return new Invocation(span, parent.with(span).makeCurrent());
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.PROVIDER.key(), t);
      return null;
    }
  }

  /** Exit advice; never throws. */
  public void exit(Object started, Throwable thrown) {
    if (!(started instanceof Invocation)) {
      return;
    }
    Invocation invocation = (Invocation) started;
    try {
      invocation.scope.close();
      if (thrown != null) {
        invocation.span.setStatus(StatusCode.ERROR);
        invocation.span.setAttribute(ERROR_TYPE, thrown.getClass().getName());
        invocation.span.recordException(thrown);
      }
      invocation.span.end();
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.PROVIDER.key(), t);
    }
  }

  private static Agent describe(Object key) {
    Method method = (Method) key;
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class || method.isDefault()
        || MEMORY_ACCESS.equals(declaring.getName())
        || TOKEN_STREAM.equals(method.getReturnType().getName())) {
      return NOT_AN_AGENT_CALL;
    }
    String name = declaring.getSimpleName();
    return new Agent("invoke_agent " + name, Attributes.of(Recorders.GENAI_OPERATION,
        "invoke_agent", AGENT_NAME, name));
  }

  private static final class Agent {
    final String spanName;
    final Attributes attributes;

    Agent(String spanName, Attributes attributes) {
      this.spanName = spanName;
      this.attributes = attributes;
    }
  }

  private static final class Invocation {
    final Span span;
    final Scope scope;

    Invocation(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }
  }
}
