package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.config.Role;
import ai.victor.otel.bootstrap.WeakIdentityMap;
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
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * AI service invocations: LangChain4j makes no span of its own for a call to an {@code AiServices}
 * proxy, so without one the chat and tool spans of one question would be unrelated roots. An
 * {@code invoke_agent {AiServiceInterface}} INTERNAL span, with {@code gen_ai.agent.name} the
 * interface's simple name, groups them. Methods returning a {@code TokenStream} only build the
 * stream (it runs when started, after the invocation returned), so they get no span; nor do
 * {@code Object}, default and chat-memory methods, which never reach a model.
 *
 * <p>Agents of an agentic system (LangChain4j agentic: workflows and their sub-agents) are
 * invocations too, started by {@link #enterAgent}. Every invocation is current in the context
 * while it runs, and the context it started in holds the invocation it runs in: a sub-agent is an
 * invocation whose parent is its workflow's. An agentic agent that is an AI service reaches the AI service proxy with the
 * same method right after its own invocation started: that call is the same invocation, not a
 * second one (one span per agent call).
 */
public final class AgentCalls {
  private static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey(
      "gen_ai.agent.name");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";
  private static final String MEMORY_ACCESS = "dev.langchain4j.service.memory.ChatMemoryAccess";
  private static final Agent NOT_AN_AGENT_CALL = new Agent(null, null);
  private static final ContextKey<Invocation> CURRENT = ContextKey.named("victor-agent-invocation");
  private static volatile AgentCalls global;

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final WeakIdentityMap<Agent> methods = new WeakIdentityMap<>();

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
      Agent agent = methods.computeIfAbsent(method, AgentCalls::describe);
      if (agent == NOT_AN_AGENT_CALL) {
        return null;
      }
      Context parent = Context.current();
      Invocation current = parent.get(CURRENT);
      if (current != null && current.isCallOf(parent, (Method) method)) {
        return null; // an agentic agent that is this AI service: its invocation has the span
      }
      return start(agent, parent, null, (Method) method);
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.PROVIDER.key(), t);
      return null;
    }
  }

  /**
   * Enter of an agent of an agentic system, invoked by {@code owner} (its invoker, or the proxy
   * of a workflow called directly) through {@code method}; {@code describe} names the agent from
   * the owner and is applied only when the call is an invocation of its own. Returns the
   * invocation for {@link #exit}, or null when this call is the current invocation already: the
   * same owner re-entered (an invoker delegating to its default method), or the call of {@code
   * method} that the current invocation is making (a workflow or AI service proxy called by the
   * invoker that started the invocation). Exceptions propagate to the caller's guard.
   */
  public Object enterAgent(Object owner, Method method, Function<Object, Agent> describe) {
    Context parent = Context.current();
    Invocation current = parent.get(CURRENT);
    if (current != null && (current.owner == owner || current.isCallOf(parent, method))) {
      return null;
    }
    Agent agent = describe.apply(owner);
    return agent == null ? null : start(agent, parent, owner, method);
  }

  private Invocation start(Agent agent, Context parent, Object owner, Method method) {
    Span span = tracer.spanBuilder(agent.spanName)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAllAttributes(agent.attributes)
        .startSpan();
    Invocation invocation = new Invocation(span, owner, method);
    invocation.scope = parent.with(span).with(CURRENT, invocation).makeCurrent();
    return invocation;
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
    return Agent.named(declaring.getSimpleName());
  }

  /** An agent as its spans name it, built once per agent. */
  public static final class Agent {
    final String spanName;
    final Attributes attributes;

    Agent(String spanName, Attributes attributes) {
      this.spanName = spanName;
      this.attributes = attributes;
    }

    /** {@code invoke_agent {name}} with {@code gen_ai.agent.name} = {@code name}. */
    public static Agent named(String name) {
      return new Agent("invoke_agent " + name, Attributes.of(Recorders.GENAI_OPERATION,
          "invoke_agent", AGENT_NAME, name));
    }
  }

  /** One agent call in progress: current in the context while it runs. */
  private static final class Invocation {
    final Span span;
    /** What started it (an agentic invoker or workflow proxy); null for an AI service call. */
    final Object owner;
    /** The agent's method this invocation calls. */
    final Method method;
    Scope scope;

    Invocation(Span span, Object owner, Method method) {
      this.span = span;
      this.owner = owner;
      this.method = method;
    }

    /**
     * Whether a proxy call of {@code called} in {@code context} is this invocation's own call
     * of its agent: nothing else (no span) started in between, and the same method.
     */
    boolean isCallOf(Context context, Method called) {
      return owner != null && Span.fromContext(context) == span
          && (method == called || method.equals(called));
    }
  }
}
