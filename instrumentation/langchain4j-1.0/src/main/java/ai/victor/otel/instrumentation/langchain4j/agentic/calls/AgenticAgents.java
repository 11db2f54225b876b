package ai.victor.otel.instrumentation.langchain4j.agentic.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.instrumentation.langchain4j.calls.AgentCalls;
import ai.victor.otel.instrumentation.langchain4j.calls.AgentCalls.Agent;
import dev.langchain4j.agentic.internal.AgentInvoker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Function;

/**
 * The agents of a LangChain4j agentic system as {@link AgentCalls} invocations.
 *
 * <p>A planner (sequence, loop, parallel, conditional, supervisor) calls each sub-agent through
 * its {@code AgentInvoker}: one invocation per {@code AgentInvoker.invoke}, named by the
 * invoker's {@code name()} (the {@code @Agent} name, else the method's, or the builder's). The
 * invoker calls the sub-agent's proxy with its method: an AI agent's proxy calls its AI service,
 * a workflow's proxy runs its planner, and {@link AgentCalls} treats that call as the same
 * invocation. A workflow the application calls directly has no invoker: its proxy's call is the
 * invocation, named by the workflow's {@code name()} where the proxy has one (1.7 and later),
 * else by its interface.
 *
 * <p>Per call: one weak-map lookup for the invoker's or proxy's name (built once) and, for a
 * proxy, one for whether the method is an agent call; the span. Compiled against the oldest
 * supported release (1.3.0-beta9): only {@code AgentInvoker.name()} and {@code method()} are
 * linked, which every release has.
 */
public final class AgenticAgents {
  private static final String UNTYPED_AGENT = "dev.langchain4j.agentic.UntypedAgent";
  private static final String SUPERVISOR_AGENT = "dev.langchain4j.agentic.supervisor.SupervisorAgent";
  private static final String AGENT_INVOCATION_EXCEPTION =
      "dev.langchain4j.agentic.agent.AgentInvocationException";
  private static final String SUSPENDED =
      "dev.langchain4j.agentic.scope.AgenticSystemSuspendedException";

  private static final WeakIdentityMap<Agent> AGENTS = new WeakIdentityMap<>();
  private static final WeakIdentityMap<Boolean> AGENT_METHODS = new WeakIdentityMap<>();
  private static final Function<Object, Agent> INVOKER =
      invoker -> AGENTS.computeIfAbsent(invoker, AgenticAgents::describeInvoker);
  private static final Function<Object, Agent> WORKFLOW =
      proxy -> AGENTS.computeIfAbsent(proxy, AgenticAgents::describeWorkflow);

  private AgenticAgents() {}

  /** Enter of {@code AgentInvoker.invoke}: the invocation, or null. */
  static Object invokerEnter(Object invoker) {
    return AgentCalls.instance().enterAgent(invoker, ((AgentInvoker) invoker).method(), INVOKER);
  }

  /** Enter of a workflow proxy's invocation handler: the invocation, or null. */
  static Object workflowEnter(Object proxy, Object method) {
    if (!(method instanceof Method)
        || !AGENT_METHODS.computeIfAbsent(method, AgenticAgents::isAgentMethod)) {
      return null;
    }
    return AgentCalls.instance().enterAgent(proxy, (Method) method, WORKFLOW);
  }

  /**
   * What the invocation failed with, as the application sees it: the cause inside LangChain4j's
   * {@code AgentInvocationException} and the reflection wrappers; null for a suspension (a human
   * in the loop), which ends the invocation without an error.
   */
  static Throwable failure(Throwable thrown) {
    Throwable t = thrown;
    while (t != null && t.getCause() != null && t.getCause() != t
        && (t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
            || AGENT_INVOCATION_EXCEPTION.equals(t.getClass().getName()))) {
      t = t.getCause();
    }
    return t != null && SUSPENDED.equals(t.getClass().getName()) ? null : t;
  }

  private static Agent describeInvoker(Object invoker) {
    return Agent.named(((AgentInvoker) invoker).name());
  }

  /**
   * A workflow's name, read once per proxy: the proxy's {@code name()} (workflows have one from
   * 1.7 on), else the {@code @Agent} name on its interface's method (what later releases name it
   * by), else the interface's simple name.
   */
  private static Agent describeWorkflow(Object proxy) {
    try {
      Object name = proxy.getClass().getMethod("name").invoke(proxy);
      if (name instanceof String && !((String) name).isEmpty()) {
        return Agent.named((String) name);
      }
    } catch (ReflectiveOperationException | RuntimeException noName) {
      // an older release: the proxy has no name()
    }
    Class<?>[] interfaces = proxy.getClass().getInterfaces();
    if (interfaces.length == 0) {
      return Agent.named("agent");
    }
    for (Method method : interfaces[0].getMethods()) {
      dev.langchain4j.agentic.Agent declared =
          method.getAnnotation(dev.langchain4j.agentic.Agent.class);
      if (declared != null && !declared.name().isEmpty()) {
        return Agent.named(declared.name());
      }
    }
    return Agent.named(interfaces[0].getSimpleName());
  }

  /**
   * Whether a call on a workflow proxy runs the workflow: a method of the application's agent
   * interface, or of LangChain4j's {@code UntypedAgent} and {@code SupervisorAgent}; not the
   * proxy's other interfaces (scope access, agent metadata, chat memory), nor {@code Object}'s
   * or default methods.
   */
  private static Boolean isAgentMethod(Object key) {
    Method method = (Method) key;
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class || method.isDefault()) {
      return Boolean.FALSE;
    }
    String name = declaring.getName();
    return !name.startsWith("dev.langchain4j.") || name.equals(UNTYPED_AGENT)
        || name.equals(SUPERVISOR_AGENT);
  }
}
