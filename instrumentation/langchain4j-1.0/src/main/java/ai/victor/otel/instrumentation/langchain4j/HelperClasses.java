package ai.victor.otel.instrumentation.langchain4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class the advice reaches, to be injected into the application's class loader: all of core
 * (as for configured classes) and this module's {@code calls} package. There is no muzzle in a
 * Maven build to compute this, so LangChain4jModuleTest checks the list against the
 * compiled classes. Superclasses come before their subclasses.
 */
final class HelperClasses {
  private static final String CORE = "ai.victor.otel.core.";
  static final String CALLS = "ai.victor.otel.instrumentation.langchain4j.calls.";

  static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
      CORE + "Labels",
      CORE + "Metric",
      CORE + "Metric$Type",
      CORE + "Metric$Source",
      CORE + "config.Accessor",
      CORE + "config.Accessor$1",
      CORE + "config.Accessor$Root",
      CORE + "config.Accessor$Step",
      CORE + "config.Accessor$Step$1",
      CORE + "config.ConfigProblems",
      CORE + "config.ConfigSource",
      CORE + "config.Role",
      CORE + "config.Target",
      CORE + "config.TargetMatches",
      CORE + "config.VictorConfig",
      CORE + "config.VictorConfig$1",
      CORE + "recording.BoundedValues",
      CORE + "recording.Failures",
      CORE + "recording.InstanceTable",
      CORE + "recording.InstanceTable$Entry",
      CORE + "recording.Recorders",
      CORE + "recording.Recorders$CacheRecorder",
      CORE + "recording.Recorders$ProviderRecorder",
      CORE + "recording.Recorders$SelectionRecorder",
      CORE + "recording.Recorders$ToolRecorder",
      CORE + "recording.Telemetry",
      CORE + "configured.TargetLookup",
      CORE + "configured.Call",
      CORE + "configured.ErrorClassifier",
      CORE + "configured.ErrorClassifier$1",
      CORE + "configured.NamedRecorders",
      CORE + "configured.NamedRecorders$Resolver",
      CORE + "configured.CacheCalls",
      CORE + "configured.CacheCalls$1",
      CORE + "configured.CacheCalls$2",
      CORE + "configured.CacheCalls$Binding",
      CORE + "configured.CacheCalls$InstanceStack",
      CORE + "configured.CacheCalls$Observed",
      CORE + "configured.SpanCalls",
      CORE + "configured.SpanCalls$1",
      CORE + "configured.SelectorCalls",
      CORE + "configured.ProviderCalls",
      CORE + "configured.ToolCalls",
      CORE + "configured.BootstrapCalls",
      CORE + "configured.BootstrapCalls$1",
      CALLS + "Content",
      CALLS + "ProviderNames",
      CALLS + "ChatCall",
      CALLS + "PendingStreams",
      CALLS + "PendingStreams$HandlerKey",
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
      CALLS + "AgentCalls"));

  private HelperClasses() {}
}
