package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.bootstrap.JvmState;
import ai.victor.otel.bootstrap.SeriesBudget;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recorded instruments of the {@link Metric} catalog, built once per class loader, plus the
 * tracer and the settings the recorders need.
 *
 * <p>Advice helpers are injected into every application class loader that loads an instrumented
 * class, each with its own copy of this class; all copies obtain the same SDK instruments through
 * {@link GlobalOpenTelemetry}, so what they record aggregates in one place. What must hold for
 * the JVM rather than per copy (the series caps, the cache-size registry) is in {@link JvmState},
 * on the bootstrap class path, shared by every copy.
 */
public final class Telemetry {
  public static final String SCOPE = "ai.victor.otel";
  /**
   * The instrumentation scope version: the project version (a test keeps them equal). A
   * constant, because injected helpers have no manifest or resources to read it from.
   */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static volatile Telemetry global;
  private static volatile boolean gaugesMissingLogged;

  final VictorConfig config;
  final Tracer tracer;
  final Failures failures;
  final LongCounter cacheOperations;
  final DoubleHistogram cacheLatency;
  final DoubleHistogram selectionLatency;
  final LongHistogram selectionTools;
  final DoubleHistogram providerLatency;
  final LongCounter providerErrors;
  final LongCounter providerTokens;
  final DoubleHistogram genaiDuration;
  final LongHistogram genaiTokens;
  final DoubleHistogram genaiTimeToFirstChunk;
  final DoubleHistogram genaiTimePerChunk;
  final DoubleCounter providerCost;
  final LongCounter providerUnpriced;
  final LongCounter providerRetries;
  final DoubleGauge rateLimitRemaining;
  final DoubleGauge rateLimitLimit;
  final DoubleHistogram toolDuration;
  final DoubleHistogram genaiToolDuration;
  final LongUpDownCounter toolConcurrent;
  final DoubleHistogram genaiAgentDuration;
  final LongHistogram agentModelCalls;
  final LongHistogram agentToolCalls;
  final LongCounter agentRepeatedToolCalls;
  final DoubleGauge startupTime;
  final DoubleGauge startupInProgress;
  final DoubleGauge componentTime;
  final DoubleGauge registrationTime;
  final Meter meter;
  final JvmState state;
  // One cap per label family for the JVM, shared by every module that records it (configured
  // classes and the library modules alike) and by every class loader's copy of core: per-module
  // or per-loader caps would multiply the series of one instrument.
  private final BoundedValues providerModels;
  private final BoundedValues toolNames;
  private final BoundedValues cacheNamespaces;
  private final BoundedValues selectionCacheTypes;
  private final BoundedValues agentNames;
  private final BoundedValues tenants;
  private final BoundedValues tenantSeries;
  private final BoundedValues responseModels;
  private final BoundedValues providerServers;
  private final ConcurrentHashMap<String, Recorders.ToolRecorder> tools = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Recorders.ProviderRecorder> providers =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Recorders.AgentRecorder> agents =
      new ConcurrentHashMap<>();
  /** Provider/model pairs whose unpriced tokens were logged (one WARNING each). */
  final java.util.Set<String> unpricedModels = ConcurrentHashMap.newKeySet();

  Telemetry(OpenTelemetry openTelemetry, VictorConfig config, JvmState state) {
    this.config = config;
    this.state = state;
    providerModels = boundedValues("provider-model", Recorders.ProviderRecorder.SERIES,
        Recorders.ProviderRecorder.WIDEST);
    toolNames = boundedValues("tool", Recorders.ToolRecorder.SERIES,
        Recorders.ToolRecorder.WIDEST);
    cacheNamespaces = boundedValues("namespace", Recorders.CacheRecorder.SERIES,
        Recorders.CacheRecorder.WIDEST);
    selectionCacheTypes = boundedValues("cache-type", Recorders.SelectionRecorder.SERIES,
        Recorders.SelectionRecorder.WIDEST);
    agentNames = boundedValues("agent", Recorders.AgentRecorder.SERIES,
        Recorders.AgentRecorder.WIDEST);
    // A tenant value costs nothing by itself: its series are paid per (pair, tenant) below.
    tenants = state.label("tenant", config.tenantLimit(), 0);
    tenantSeries = boundedValues("provider-model-tenant",
        Recorders.ProviderRecorder.TENANT_SERIES, Recorders.ProviderRecorder.TENANT_WIDEST);
    responseModels = boundedValues("provider-model-response",
        Recorders.ProviderRecorder.RESPONSE_MODEL_SERIES, 1);
    providerServers = boundedValues("provider-model-server",
        Recorders.ProviderRecorder.SERVER_SERIES, Recorders.ProviderRecorder.WIDEST);
    this.meter = openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(VERSION).build();
    this.tracer = openTelemetry.tracerBuilder(SCOPE).setInstrumentationVersion(VERSION).build();
    this.failures = new Failures(counter(Metric.EXTENSION_FAILURES));
    cacheOperations = counter(Metric.CACHE_OPERATIONS);
    cacheLatency = histogram(Metric.CACHE_LATENCY);
    selectionLatency = histogram(Metric.SELECTION_LATENCY);
    selectionTools = longHistogram(Metric.SELECTION_TOOLS);
    providerLatency = histogram(Metric.PROVIDER_LATENCY);
    providerErrors = counter(Metric.PROVIDER_ERRORS);
    providerTokens = counter(Metric.PROVIDER_TOKENS);
    genaiDuration = histogram(Metric.GENAI_DURATION);
    genaiTokens = longHistogram(Metric.GENAI_TOKENS);
    genaiTimeToFirstChunk = histogram(Metric.GENAI_TIME_TO_FIRST_CHUNK);
    genaiTimePerChunk = histogram(Metric.GENAI_TIME_PER_OUTPUT_CHUNK);
    providerCost = meter.counterBuilder(Metric.PROVIDER_COST.otelName())
        .setUnit(Metric.PROVIDER_COST.unit())
        .setDescription(Metric.PROVIDER_COST.description())
        .ofDoubles()
        .build();
    providerUnpriced = counter(Metric.PROVIDER_UNPRICED_TOKENS);
    providerRetries = counter(Metric.PROVIDER_RETRIES);
    rateLimitRemaining = gauge(Metric.PROVIDER_RATE_LIMIT_REMAINING);
    rateLimitLimit = gauge(Metric.PROVIDER_RATE_LIMIT_LIMIT);
    toolDuration = histogram(Metric.TOOL_DURATION);
    genaiToolDuration = histogram(Metric.GENAI_EXECUTE_TOOL_DURATION);
    genaiAgentDuration = histogram(Metric.GENAI_INVOKE_AGENT_DURATION);
    agentModelCalls = longHistogram(Metric.AGENT_MODEL_CALLS);
    agentToolCalls = longHistogram(Metric.AGENT_TOOL_CALLS);
    agentRepeatedToolCalls = counter(Metric.AGENT_REPEATED_TOOL_CALLS);
    toolConcurrent = meter.upDownCounterBuilder(Metric.TOOL_CONCURRENT.otelName())
        .setUnit(Metric.TOOL_CONCURRENT.unit())
        .setDescription(Metric.TOOL_CONCURRENT.description())
        .build();
    startupTime = gauge(Metric.BOOTSTRAP_STARTUP_TIME);
    startupInProgress = gauge(Metric.BOOTSTRAP_IN_PROGRESS);
    componentTime = gauge(Metric.BOOTSTRAP_COMPONENT_TIME);
    registrationTime = gauge(Metric.BOOTSTRAP_REGISTRATION_TIME);
    double budget = config.pricing().dailyBudget();
    DoubleGauge budgetGauge = gauge(Metric.PROVIDER_COST_BUDGET);
    if (!Double.isNaN(budget) && budgetGauge != null) {
      // Every copy of core sets the same value; the SDK keeps it for every collection.
      budgetGauge.set(budget, Attributes.of(Recorders.CURRENCY, config.pricing().currency()));
    }
  }

  /**
   * This class loader's instance, bound to the agent's SDK and the JVM's settings. Built once: if
   * building fails (a SecurityManager refusing {@code System.getenv}, an agent whose OTel API
   * lacks an instrument), one WARNING says so and a disabled instance is kept, so that no advice
   * call retries, re-reads the configuration or throws.
   */
  public static Telemetry get() {
    Telemetry telemetry = global;
    if (telemetry == null) {
      synchronized (Telemetry.class) {
        telemetry = global;
        if (telemetry == null) {
          telemetry = buildOrDisable();
          global = telemetry;
        }
      }
    }
    return telemetry;
  }

  private static Telemetry buildOrDisable() {
    try {
      return new Telemetry(GlobalOpenTelemetry.get(),
          VictorConfig.load(ConfigSource.fromEnvironment()), JvmState.jvm());
    } catch (Throwable t) {
      logger.log(Level.WARNING, "victor-otel: the extension could not start in this class loader ("
          + t + ") and records nothing here; the application is not affected and the agent's own"
          + " telemetry goes on. Logged once; nothing is retried.", t);
      // State of its own: the JVM's may be what failed (no bootstrap classes).
      return new Telemetry(OpenTelemetry.noop(),
          VictorConfig.load(ConfigSource.of(Collections.<String, String>emptyMap())),
          JvmState.isolated());
    }
  }

  /**
   * An instance bound to the given SDK, for tests: with state of its own instead of the JVM's,
   * and the cache-size gauges registered on that SDK (in the agent the extension registers them
   * once, {@link CacheGauges}).
   */
  public static Telemetry create(OpenTelemetry openTelemetry, VictorConfig config) {
    Telemetry telemetry = new Telemetry(openTelemetry, config, JvmState.isolated());
    CacheGauges.register(telemetry);
    return telemetry;
  }

  public VictorConfig config() {
    return config;
  }

  public Failures failures() {
    return failures;
  }

  public Meter meter() {
    return meter;
  }

  /** The state this instance shares with the JVM's other copies of core. */
  public JvmState state() {
    return state;
  }

  /** The recorder of a tool name, the name bounded by the JVM's cap on tool names. */
  public Recorders.ToolRecorder toolRecorder(String name) {
    String bounded = toolNames.bound(name);
    Recorders.ToolRecorder recorder = tools.get(bounded);
    if (recorder == null) {
      // Built outside the map's lock (putIfAbsent, not computeIfAbsent): a thread that waits
      // for another's new recorder would wait on a lock held across the attribute building.
      Recorders.ToolRecorder created = Recorders.tool(this, bounded);
      recorder = tools.putIfAbsent(bounded, created);
      recorder = recorder == null ? created : recorder;
    }
    return recorder;
  }

  /**
   * The recorder of a (provider, model) pair, for configured providers, the framework modules and
   * the provider SDK modules alike. The pair is bounded as one value, since the pair is what
   * makes a series; a pair past the cap records as {@code _other} for both.
   */
  public Recorders.ProviderRecorder providerRecorder(String provider, String model) {
    return providerRecorder(provider, model, null, -1);
  }

  /**
   * The recorder of a (provider, model) pair reached at a known server: {@code serverAddress}
   * (host name or address) and {@code serverPort} (or -1) go on the chat spans and the {@code
   * gen_ai.client.*} metrics. A pair takes one slot of the pair cap whatever its servers.
   */
  public Recorders.ProviderRecorder providerRecorder(String provider, String model,
      String serverAddress, long serverPort) {
    String pair = providerModels.bound(provider + Recorders.SEPARATOR + model);
    String key = pair;
    if (serverAddress != null && !pair.equals(Labels.OVERFLOW)) {
      // The server varies only the GenAI series: it takes no slot of the pair cap, but its own
      // (pair, server) budget; past it the calls record without a server.
      String atServer = pair + Recorders.SEPARATOR + serverAddress + Recorders.SEPARATOR
          + serverPort;
      if (!providerServers.bound(atServer).equals(Labels.OVERFLOW)) {
        key = atServer;
      }
    }
    Recorders.ProviderRecorder recorder = providers.get(key);
    if (recorder == null) {
      // Built outside the map's lock (putIfAbsent, not computeIfAbsent): a thread that waits
      // for another's new recorder would wait on a lock held across the attribute building.
      String[] parts = key.split(String.valueOf(Recorders.SEPARATOR), -1);
      Recorders.ProviderRecorder created = parts.length < 2
          ? Recorders.provider(this, key, key, key, null, -1)
          : Recorders.provider(this, parts[0], parts[1], parts[0] + Recorders.SEPARATOR + parts[1],
              parts.length < 4 ? null : parts[2], parts.length < 4 ? -1 : Long.parseLong(parts[3]));
      recorder = providers.putIfAbsent(key, created);
      recorder = recorder == null ? created : recorder;
    }
    return recorder;
  }

  /**
   * The recorder of an agent's invocations ({@code invoke_agent {name}}), for every agent path:
   * LangChain4j AI services and agentic sub-agents, Spring AI ChatClient calls, configured agent
   * methods. Names are capped like tools.
   */
  public Recorders.AgentRecorder agentRecorder(String name) {
    String bounded = agentNames.bound(name);
    Recorders.AgentRecorder recorder = agents.get(bounded);
    if (recorder == null) {
      Recorders.AgentRecorder created = Recorders.agent(this, bounded);
      recorder = agents.putIfAbsent(bounded, created);
      recorder = recorder == null ? created : recorder;
    }
    return recorder;
  }

  /** Tenant values, capped at {@code victor.otel.tenant.limit}. */
  BoundedValues tenants() {
    return tenants;
  }

  /** (pair, tenant) combinations: what the per-tenant series cost is paid for. */
  BoundedValues tenantSeries() {
    return tenantSeries;
  }

  /** (pair, response model) combinations of the GenAI duration and token series. */
  BoundedValues responseModels() {
    return responseModels;
  }

  /** Provider and model, bounded together: the pair is what makes a provider series. */
  public BoundedValues providerModels() {
    return providerModels;
  }

  public BoundedValues toolNames() {
    return toolNames;
  }

  public BoundedValues cacheNamespaces() {
    return cacheNamespaces;
  }

  BoundedValues selectionCacheTypes() {
    return selectionCacheTypes;
  }

  /**
   * A capped label whose every value adds {@code seriesPerValue} series across the extension and
   * {@code widest} series to its widest instrument, one per {@code family} for the JVM: it admits at most the configured cardinality
   * limit, fewer if its widest instrument would pass {@link SeriesBudget#PER_INSTRUMENT} series
   * (overflow included) or the extension's {@link SeriesBudget} would run out.
   */
  public BoundedValues boundedValues(String family, int seriesPerValue, int widest) {
    int limit = Math.min(config.cardinalityLimit(), SeriesBudget.PER_INSTRUMENT / widest - 1);
    return state.label(family, limit, seriesPerValue);
  }


  private LongCounter counter(Metric metric) {
    return meter.counterBuilder(metric.otelName())
        .setUnit(metric.unit())
        .setDescription(metric.description())
        .build();
  }

  private DoubleHistogram histogram(Metric metric) {
    return meter.histogramBuilder(metric.otelName())
        .setUnit(metric.unit())
        .setDescription(metric.description())
        .setExplicitBucketBoundariesAdvice(metric.buckets())
        .build();
  }

  private LongHistogram longHistogram(Metric metric) {
    List<Long> bounds = new ArrayList<>();
    for (Double bucket : metric.buckets()) {
      bounds.add(bucket.longValue());
    }
    return meter.histogramBuilder(metric.otelName())
        .setUnit(metric.unit())
        .setDescription(metric.description())
        .ofLongs()
        .setExplicitBucketBoundariesAdvice(bounds)
        .build();
  }

  /**
   * A synchronous gauge, or null on an OTel API older than 1.38, which has none (agents before
   * 2.4): the bootstrap, rate-limit and budget gauges then stand down with one WARNING and
   * everything else records.
   */
  private DoubleGauge gauge(Metric metric) {
    try {
      return meter.gaugeBuilder(metric.otelName())
          .setUnit(metric.unit())
          .setDescription(metric.description())
          .build();
    } catch (LinkageError e) {
      if (!gaugesMissingLogged) {
        gaugesMissingLogged = true;
        logger.warning("victor-otel: this agent's OpenTelemetry API has no synchronous gauge ("
            + e + "); the victor_bootstrap_*, victor_provider_rate_limit_* and"
            + " victor_provider_cost_daily_budget gauges stand down, everything else records."
            + " README.md lists the supported agents.");
      }
      return null;
    }
  }
}
