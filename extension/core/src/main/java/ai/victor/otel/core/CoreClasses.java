package ai.victor.otel.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class of core, which each instrumentation module injects into the application's class
 * loader beside its own helpers. There is no muzzle in a Maven build to compute this: a class
 * missing here fails only at run time, so HelperClassesTest (extension/agent) checks the list
 * against the compiled classes. Superclasses come before their subclasses because injection
 * defines the classes in this order. Injecting a class that another module already injected into
 * the same class loader reuses it, so all modules there share one copy of core's state. What
 * must be shared across class loaders is in victor-otel-bootstrap (ai.victor.otel.bootstrap), on
 * the bootstrap class path and never injected.
 */
public final class CoreClasses {
  private static final String CORE = "ai.victor.otel.core.";

  public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
      CORE + "CoreClasses",
      CORE + "Labels",
      CORE + "Metric",
      CORE + "Metric$Type",
      CORE + "Metric$Source",
      CORE + "config.Accessor",
      CORE + "config.Accessor$1",
      CORE + "config.Accessor$2",
      CORE + "config.Accessor$Root",
      CORE + "config.Accessor$Step",
      CORE + "config.Accessor$Step$1",
      CORE + "config.ConfigProblems",
      CORE + "config.ConfigSource",
      CORE + "config.Key",
      CORE + "config.Pricing",
      CORE + "config.Role",
      CORE + "config.Target",
      CORE + "config.TargetMatches",
      CORE + "config.VictorConfig",
      CORE + "config.VictorConfig$1",
      CORE + "recording.Breaker",
      CORE + "recording.Failures",
      CORE + "recording.Recorders",
      CORE + "recording.Recorders$CacheRecorder",
      CORE + "recording.Recorders$ProviderRecorder",
      CORE + "recording.Recorders$ProviderRecorder$GenAiSeries",
      CORE + "recording.Recorders$ProviderRecorder$TenantSeries",
      CORE + "recording.Recorders$AgentRecorder",
      CORE + "recording.TokenUsage",
      CORE + "recording.ProviderCall",
      CORE + "recording.RateLimits",
      CORE + "recording.RateLimits$Headers",
      CORE + "recording.RateLimits$HeaderReader",
      CORE + "recording.AgentInvocation",
      CORE + "recording.GenAiMessages",
      CORE + "recording.UsageDetails",
      CORE + "recording.Recorders$SelectionRecorder",
      CORE + "recording.Recorders$SpanAttributes",
      CORE + "recording.Recorders$ToolRecorder",
      CORE + "recording.Telemetry",
      CORE + "recording.CacheGauges",
      CORE + "recording.CacheCounters",
      CORE + "configured.TargetLookup",
      CORE + "configured.Call",
      CORE + "configured.ErrorClassifier",
      CORE + "configured.ErrorClassifier$1",
      CORE + "configured.NamedRecorders",
      CORE + "configured.NamedRecorders$Resolver",
      CORE + "configured.CacheCalls",
      CORE + "configured.CacheCalls$1",
      CORE + "configured.CacheCalls$Binding",
      CORE + "configured.CacheCalls$Instance",
      CORE + "configured.SpanCalls",
      CORE + "configured.SpanCalls$1",
      CORE + "configured.SpanCalls$2",
      CORE + "configured.SpanCalls$Binding",
      CORE + "configured.AsyncEnd",
      CORE + "configured.ReactorEnd",
      CORE + "configured.SelectorCalls",
      CORE + "configured.ProviderCalls",
      CORE + "configured.ToolCalls",
      CORE + "configured.AgentCalls",
      CORE + "configured.BootstrapCalls",
      CORE + "configured.BootstrapCalls$1",
      CORE + "library.LibraryCache",
      CORE + "library.LibraryCaches",
      CORE + "library.CountingLoader",
      CORE + "library.LibrarySizes",
      CORE + "library.LibrarySizes$Sizer",
      CORE + "library.LibrarySizes$Observed",
      CORE + "library.LibraryCaches$Bound"));

  private CoreClasses() {}
}
