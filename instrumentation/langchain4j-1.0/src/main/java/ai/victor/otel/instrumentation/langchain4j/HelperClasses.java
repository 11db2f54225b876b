package ai.victor.otel.instrumentation.langchain4j;

import ai.victor.otel.core.CoreClasses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class the advice reaches, to be injected into the application's class loader: all of core
 * ({@link CoreClasses}) and this module's {@code calls} package. There is no muzzle in a
 * Maven build to compute this, so LangChain4jModuleTest checks the list against the
 * compiled classes. Superclasses come before their subclasses.
 */
final class HelperClasses {
  static final String CALLS = "ai.victor.otel.instrumentation.langchain4j.calls.";

  static final List<String> NAMES = concat(CoreClasses.NAMES, Arrays.asList(
      CALLS + "Content",
      CALLS + "ProviderNames",
      CALLS + "ChatCall",
      CALLS + "PendingStreams",
      CALLS + "ChatCalls$ModelBinding",
      CALLS + "ChatCalls$Last",
      CALLS + "ChatCalls",
      CALLS + "ToolCall",
      CALLS + "ToolExecutions$ExecutorBinding",
      CALLS + "ToolExecutions$Last",
      CALLS + "ToolExecutions",
      CALLS + "ToolSelections$Selection",
      CALLS + "ToolSelections",
      CALLS + "AgentCalls$Agent",
      CALLS + "AgentCalls$Invocation",
      CALLS + "AgentCalls$StreamInvocation",
      CALLS + "AgentCalls",
      CALLS + "StreamEnd",
      CALLS + "HttpAttempts",
      CALLS + "LangChain4jGuard"));

  private static List<String> concat(List<String> core, List<String> own) {
    List<String> all = new ArrayList<>(core);
    all.addAll(own);
    return Collections.unmodifiableList(all);
  }

  private HelperClasses() {}
}
