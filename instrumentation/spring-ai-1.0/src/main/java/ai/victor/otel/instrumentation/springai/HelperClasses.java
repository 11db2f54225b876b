package ai.victor.otel.instrumentation.springai;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class the advice reaches, to be injected into the application's class loader: all of
 * core (as for configured classes) and this module's helpers. There is no muzzle in a Maven build
 * to compute this: a class missing here fails only at run time, so HelperClassesTest checks the
 * list against the compiled classes. Superclasses come before their subclasses because injection
 * defines the classes in this order.
 */
final class HelperClasses {
  private static final String CORE = "ai.victor.otel.core.";
  private static final String HERE = "ai.victor.otel.instrumentation.springai.";

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
      HERE + "Operation",
      HERE + "StreamingChat",
      HERE + "Providers",
      HERE + "Providers$1",
      HERE + "SpringAiErrors",
      HERE + "SpringAiErrors$1",
      HERE + "SpringAiCalls",
      HERE + "SpringAiCalls$ModelBinding",
      HERE + "SpringAiCalls$ModelRecorder"));

  private HelperClasses() {}
}
