package ai.victor.otel.instrumentation.langchain4j.agentic.calls;

import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.instrumentation.langchain4j.calls.AgentCalls;

/**
 * What the agentic advice calls: the module's helpers behind its own {@link Breaker}. A
 * langchain4j-agentic whose API differs from the one the module was built for fails when a helper
 * links or runs ({@link LinkageError}): the module switches off with one WARNING, the rest of the
 * LangChain4j instrumentation keeps recording. Any other failure is counted and the call goes on
 * unrecorded. Only {@code Object}s cross this class.
 */
public final class AgenticGuard {
  static final Breaker BREAKER =
      new Breaker("victor-langchain4j-agentic", "docs/libraries/langchain4j-agentic.md");

  private AgenticGuard() {}

  public static Object invokerEnter(Object invoker) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return AgenticAgents.invokerEnter(invoker);
    } catch (Throwable t) {
      return failed(t);
    }
  }

  public static Object workflowEnter(Object proxy, Object method) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return AgenticAgents.workflowEnter(proxy, method);
    } catch (Throwable t) {
      return failed(t);
    }
  }

  public static void exit(Object invocation, Throwable thrown) {
    if (invocation != null) {
      try {
        AgentCalls.instance().exit(invocation, null, AgenticAgents.failure(thrown));
      } catch (Throwable t) {
        failed(t);
      }
    }
  }

  private static Object failed(Throwable t) {
    try {
      BREAKER.failed(Telemetry.get().failures(), Role.PROVIDER.key(), t);
    } catch (Throwable ignored) {
      // Reporting must not fail the application's call.
    }
    return null;
  }
}
