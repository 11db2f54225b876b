package ai.victor.otel.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The metric catalog: every series the extension emits, defined once.
 *
 * <p>Names and units are chosen so that the collector's default Prometheus translation and the Java
 * SDK's Prometheus exporter produce the same series name (see {@link #prometheusName()}). Where the
 * seeds put a unit into the name ({@code _ms}, {@code _percent}) the OTel unit is left empty:
 * setting {@code ms} would make one exporter append {@code _milliseconds}. Ratios use an empty unit
 * too, because the collector turns unit {@code 1} into a {@code _ratio} suffix and the SDK does not.
 *
 * <p>{@code docs/metrics.md} documents this table; a test fails when the two disagree.
 */
public enum Metric {
  // ---- cache -------------------------------------------------------------------------------
  CACHE_OPERATIONS("victor.cache.operations", Type.COUNTER, "{operation}", Source.RECORDED, "cache",
      "Cache operations by kind: hit, miss, load, put, eviction (with cause), invalidation.",
      Labels.NAMESPACE, Labels.OPERATION, Labels.CAUSE),
  CACHE_HITS("victor.cache.hits", Type.COUNTER, "{hit}", Source.DERIVED, "cache",
      "Cache lookups that found a value (victor.cache.operations{operation=hit}).",
      Labels.NAMESPACE),
  CACHE_EVICTIONS("victor.cache.evictions", Type.COUNTER, "{eviction}", Source.DERIVED, "cache",
      "Entries evicted for capacity or expiry (victor.cache.operations{operation=eviction}).",
      Labels.NAMESPACE),
  CACHE_HIT_RATE("victor.cache.hit_rate", Type.GAUGE, "", Source.DERIVED, "cache",
      "Hits / lookups over the derivation window, 0-1; namespace=\"overall\" aggregates all.",
      Labels.NAMESPACE),
  CACHE_ENTRIES("victor.cache.entries", Type.GAUGE, "{entry}", Source.OBSERVED, "cache",
      "Entries currently held: the configured size accessor, or the cache library (Caffeine).",
      Labels.NAMESPACE),
  CACHE_UTILIZATION("victor.cache.utilization", Type.GAUGE, "", Source.OBSERVED, "cache",
      "Entries / capacity, 0-1: configured size and capacity accessors, or the cache library.",
      Labels.NAMESPACE),
  CACHE_MEMORY("victor.cache.memory", Type.GAUGE, "By", Source.OBSERVED, "cache",
      "Estimated memory held: entries x the target's entry-bytes (or its memory accessor).",
      Labels.NAMESPACE),
  CACHE_LATENCY("victor.cache.operation.latency_ms", Type.HISTOGRAM, "", Source.RECORDED, "cache",
      "Latency of a sample of cache lookups in milliseconds (1 in cache-latency-sample-every).",
      Arrays.asList(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 25.0),
      Labels.NAMESPACE),

  // ---- tool selection ----------------------------------------------------------------------
  SELECTION_LATENCY("victor.tool_selection.latency_ms", Type.HISTOGRAM, "", Source.RECORDED,
      "selector", "Tool selection latency in milliseconds.",
      Arrays.asList(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0),
      Labels.CACHE_TYPE, Labels.RESULT),
  SELECTION_REQUESTS("victor.tool_selection.requests", Type.COUNTER, "{selection}", Source.DERIVED,
      "selector", "Tool selections by the selection cache that served them and hit/miss.",
      Labels.CACHE_TYPE, Labels.RESULT),
  SELECTION_MISS_RATE("victor.tool_selection.miss_rate", Type.GAUGE, "", Source.DERIVED,
      "selector", "Selections no selection cache served / all selections, over the window, 0-1."),
  SELECTION_HIT_RATE("victor.tool_selection.hit_rate", Type.GAUGE, "", Source.DERIVED, "selector",
      "Share of selections served by each selection cache over the window, 0-1.",
      Labels.CACHE_TYPE),
  SELECTION_TOOLS("victor.tool_selection.tools", Type.HISTOGRAM, "{tool}", Source.RECORDED,
      "selector", "Number of tools a selection returned.",
      Arrays.asList(0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0)),

  // ---- provider pool -----------------------------------------------------------------------
  PROVIDER_LATENCY("victor.provider.latency_ms", Type.HISTOGRAM, "", Source.RECORDED, "provider",
      "Provider call latency in milliseconds, failed calls included.",
      Arrays.asList(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0,
          20000.0, 30000.0, 60000.0, 120000.0),
      Labels.PROVIDER, Labels.MODEL),
  PROVIDER_REQUESTS("victor.provider.requests", Type.COUNTER, "{request}", Source.DERIVED,
      "provider", "Provider calls (the count of victor.provider.latency_ms).",
      Labels.PROVIDER, Labels.MODEL),
  PROVIDER_ERRORS("victor.provider.errors", Type.COUNTER, "{error}", Source.RECORDED, "provider",
      "Failed provider calls by class: timeout, rate_limited, server, client, other.",
      Labels.PROVIDER, Labels.MODEL, Labels.ERROR_TYPE, Labels.TENANT),
  PROVIDER_ERROR_RATE("victor.provider.error_rate", Type.GAUGE, "", Source.DERIVED, "provider",
      "Errors / calls over the window, 0-1; provider=\"overall\" aggregates all.",
      Labels.PROVIDER),
  PROVIDER_HEALTH("victor.provider.health", Type.GAUGE, "", Source.DERIVED, "provider",
      "1 - error rate over the window, 0-1; below 0.5 counts as unhealthy.",
      Labels.PROVIDER),
  PROVIDER_TOKENS("victor.provider.tokens", Type.COUNTER, "{token}", Source.RECORDED, "provider",
      "Tokens reported by provider responses, by token_type input|output|cache_read|cache_write"
          + "|reasoning (input includes the cache kinds, output the reasoning).",
      Labels.PROVIDER, Labels.MODEL, Labels.TOKEN_TYPE, Labels.TENANT),
  PROVIDER_COST("victor.provider.cost", Type.COUNTER, "", Source.RECORDED, "provider",
      "Cost of the reported tokens at the configured prices, each token kind at its own rate.",
      Labels.PROVIDER, Labels.MODEL, Labels.CURRENCY, Labels.TENANT),
  PROVIDER_UNPRICED_TOKENS("victor.provider.unpriced_tokens", Type.COUNTER, "{token}",
      Source.RECORDED, "provider",
      "Reported tokens of a kind the configured prices do not price for the model: never guessed.",
      Labels.PROVIDER, Labels.MODEL, Labels.TOKEN_TYPE),
  PROVIDER_COST_BUDGET("victor.provider.cost.daily_budget", Type.GAUGE, "", Source.RECORDED,
      "provider", "The configured daily budget (victor.otel.pricing.daily-budget).",
      Labels.CURRENCY),
  PROVIDER_RETRIES("victor.provider.retries", Type.COUNTER, "{retry}", Source.RECORDED,
      "provider", "Attempts beyond the first inside one logical provider call.",
      Labels.PROVIDER, Labels.MODEL),
  PROVIDER_RATE_LIMIT_REMAINING("victor.provider.rate_limit.remaining", Type.GAUGE, "",
      Source.RECORDED, "provider",
      "Requests or tokens left in the provider's rate-limit window, from its last response headers.",
      Labels.PROVIDER, Labels.MODEL, Labels.LIMIT_TYPE),
  PROVIDER_RATE_LIMIT_LIMIT("victor.provider.rate_limit.limit", Type.GAUGE, "", Source.RECORDED,
      "provider", "The provider's rate limit of requests or tokens, from its last response headers.",
      Labels.PROVIDER, Labels.MODEL, Labels.LIMIT_TYPE),
  GENAI_DURATION("gen_ai.client.operation.duration", Type.HISTOGRAM, "s", Source.RECORDED,
      "provider", "GenAI semantic convention: client operation duration.",
      Arrays.asList(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
          40.96, 81.92),
      Labels.GENAI_OPERATION, Labels.GENAI_PROVIDER, Labels.GENAI_REQUEST_MODEL,
      Labels.GENAI_RESPONSE_MODEL, Labels.SERVER_ADDRESS, Labels.SERVER_PORT,
      Labels.ERROR_TYPE_SEMCONV),
  GENAI_TOKENS("gen_ai.client.token.usage", Type.HISTOGRAM, "{token}", Source.RECORDED, "provider",
      "GenAI semantic convention: tokens used per operation.",
      Arrays.asList(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0,
          1048576.0, 4194304.0, 16777216.0, 67108864.0),
      Labels.GENAI_OPERATION, Labels.GENAI_PROVIDER, Labels.GENAI_REQUEST_MODEL,
      Labels.GENAI_RESPONSE_MODEL, Labels.SERVER_ADDRESS, Labels.SERVER_PORT,
      Labels.GENAI_TOKEN_TYPE),
  GENAI_TIME_TO_FIRST_CHUNK("gen_ai.client.operation.time_to_first_chunk", Type.HISTOGRAM, "s",
      Source.RECORDED, "provider",
      "GenAI semantic convention: time from the request to the first chunk of a streamed answer.",
      Arrays.asList(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
          5.0, 7.5, 10.0),
      Labels.GENAI_OPERATION, Labels.GENAI_PROVIDER, Labels.GENAI_REQUEST_MODEL,
      Labels.SERVER_ADDRESS, Labels.SERVER_PORT),
  GENAI_TIME_PER_OUTPUT_CHUNK("gen_ai.client.operation.time_per_output_chunk", Type.HISTOGRAM,
      "s", Source.RECORDED, "provider",
      "GenAI semantic convention: time between consecutive chunks of a streamed answer.",
      Arrays.asList(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5),
      Labels.GENAI_OPERATION, Labels.GENAI_PROVIDER, Labels.GENAI_REQUEST_MODEL,
      Labels.SERVER_ADDRESS, Labels.SERVER_PORT),

  // ---- tool execution ----------------------------------------------------------------------
  TOOL_DURATION("victor.tool.duration_ms", Type.HISTOGRAM, "", Source.RECORDED, "tool",
      "Tool execution duration in milliseconds by status success|error|timeout.",
      Arrays.asList(1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0,
          10000.0, 30000.0, 60000.0),
      Labels.TOOL, Labels.STATUS),
  TOOL_EXECUTIONS("victor.tool.executions", Type.COUNTER, "{execution}", Source.DERIVED, "tool",
      "Tool executions by status (the count of victor.tool.duration_ms).",
      Labels.TOOL, Labels.STATUS),
  TOOL_ERROR_RATE("victor.tool.error_rate", Type.GAUGE, "", Source.DERIVED, "tool",
      "Executions with status error|timeout / all executions over the window, 0-1;"
          + " tool=\"overall\" aggregates all.",
      Labels.TOOL),
  TOOL_CONCURRENT("victor.tool.concurrent_executions", Type.UP_DOWN_COUNTER, "{execution}",
      Source.RECORDED, "tool", "Tool executions in progress.", Labels.TOOL),
  GENAI_EXECUTE_TOOL_DURATION("gen_ai.execute_tool.duration", Type.HISTOGRAM, "s",
      Source.RECORDED, "tool", "GenAI semantic convention: duration of one tool execution.",
      Arrays.asList(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
          40.96, 81.92),
      Labels.GENAI_TOOL_NAME, Labels.ERROR_TYPE_SEMCONV),

  // ---- agent invocations -------------------------------------------------------------------
  GENAI_INVOKE_AGENT_DURATION("gen_ai.invoke_agent.duration", Type.HISTOGRAM, "s",
      Source.RECORDED, "agent", "GenAI semantic convention: duration of one agent invocation.",
      Arrays.asList(0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6),
      Labels.GENAI_AGENT_NAME, Labels.ERROR_TYPE_SEMCONV),
  AGENT_MODEL_CALLS("victor.agent.model_calls", Type.HISTOGRAM, "{call}", Source.RECORDED,
      "agent", "Model (provider) calls per agent invocation.",
      Arrays.asList(0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 50.0, 100.0),
      Labels.AGENT),
  AGENT_TOOL_CALLS("victor.agent.tool_calls", Type.HISTOGRAM, "{call}", Source.RECORDED,
      "agent", "Tool calls per agent invocation.",
      Arrays.asList(0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 50.0, 100.0),
      Labels.AGENT),
  AGENT_REPEATED_TOOL_CALLS("victor.agent.repeated_tool_calls", Type.COUNTER, "{call}",
      Source.RECORDED, "agent",
      "Tool calls identical (same tool, same arguments hash) to the previous one of an invocation.",
      Labels.TOOL),

  // ---- system ------------------------------------------------------------------------------
  SYSTEM_MEMORY("victor.system.memory", Type.GAUGE, "By", Source.OBSERVED, "system",
      "Resident memory of the process (Linux /proc), else JVM heap + non-heap used."),
  SYSTEM_CPU("victor.system.cpu_percent", Type.GAUGE, "", Source.OBSERVED, "system",
      "Process CPU usage in percent of all available processors, 0-100."),
  SYSTEM_THREADS("victor.system.threads", Type.GAUGE, "{thread}", Source.OBSERVED, "system",
      "Live JVM threads."),
  SYSTEM_UPTIME("victor.system.uptime", Type.GAUGE, "s", Source.OBSERVED, "system",
      "Seconds since the JVM started."),

  // ---- bootstrap ---------------------------------------------------------------------------
  BOOTSTRAP_STARTUP_TIME("victor.bootstrap.startup_time", Type.GAUGE, "s", Source.RECORDED,
      "bootstrap", "Seconds from JVM start until the configured startup method returned."),
  BOOTSTRAP_IN_PROGRESS("victor.bootstrap.startup_in_progress", Type.GAUGE, "", Source.RECORDED,
      "bootstrap", "1 while startup is in progress, 0 once the startup method returned."),
  BOOTSTRAP_COMPONENT_TIME("victor.bootstrap.component_init_time", Type.GAUGE, "s",
      Source.RECORDED, "bootstrap", "Seconds the last initialization of each component took.",
      Labels.COMPONENT),
  BOOTSTRAP_REGISTRATION_TIME("victor.bootstrap.service_registration_time", Type.GAUGE, "s",
      Source.RECORDED, "bootstrap", "Seconds the last registration of each service took.",
      Labels.SERVICE),

  // ---- health and self ---------------------------------------------------------------------
  HEALTH_SCORE("victor.performance.health_score", Type.GAUGE, "", Source.DERIVED, "health",
      "Performance health score 0-100 (docs/health-score.md)."),
  HEALTH_COMPONENT("victor.performance.health_component", Type.GAUGE, "", Source.DERIVED,
      "health", "Each health-score component's score, 0-1.", Labels.COMPONENT),
  EXTENSION_FAILURES("victor.otel.failures", Type.COUNTER, "{failure}", Source.RECORDED, "self",
      "Failures inside the extension (swallowed; the host call is unaffected).", Labels.ROLE);

  /** Instrument kinds as OpenTelemetry defines them. */
  public enum Type { COUNTER, UP_DOWN_COUNTER, GAUGE, HISTOGRAM }

  /**
   * Where values come from: recorded by advice, observed from the JVM or instances at collection,
   * or derived from the collected data of the others (so rates agree with the counters exactly).
   */
  public enum Source { RECORDED, OBSERVED, DERIVED }

  private final String otelName;
  private final Type type;
  private final String unit;
  private final Source source;
  private final String role;
  private final String description;
  private final List<Double> buckets;
  private final List<String> labels;

  Metric(String otelName, Type type, String unit, Source source, String role, String description,
      String... labels) {
    this(otelName, type, unit, source, role, description, Collections.<Double>emptyList(), labels);
  }

  Metric(String otelName, Type type, String unit, Source source, String role, String description,
      List<Double> buckets, String... labels) {
    this.otelName = otelName;
    this.type = type;
    this.unit = unit;
    this.source = source;
    this.role = role;
    this.description = description;
    this.buckets = Collections.unmodifiableList(buckets);
    this.labels = Collections.unmodifiableList(Arrays.asList(labels));
  }

  public String otelName() {
    return otelName;
  }

  public Type type() {
    return type;
  }

  public String unit() {
    return unit;
  }

  public Source source() {
    return source;
  }

  public String role() {
    return role;
  }

  public String description() {
    return description;
  }

  /** Explicit bucket boundaries (bucket advice) for histograms; empty otherwise. */
  public List<Double> buckets() {
    return buckets;
  }

  /** Attribute keys; their Prometheus label names replace dots with underscores. */
  public List<String> labels() {
    return labels;
  }

  /**
   * The Prometheus series name (for histograms, the family name before {@code _bucket}): the
   * translation both the collector and the Java SDK exporter apply to these names and units.
   */
  public String prometheusName() {
    String name = otelName.replaceAll("[^a-zA-Z0-9:]", "_").replaceAll("_+", "_");
    switch (unit) {
      case "By":
        name += "_bytes";
        break;
      case "s":
        name += "_seconds";
        break;
      default:
        break; // empty and {annotation} units add nothing
    }
    return type == Type.COUNTER ? name + "_total" : name;
  }

  /** The catalog entry with this OTel name, or null. */
  public static Metric byOtelName(String otelName) {
    for (Metric metric : values()) {
      if (metric.otelName.equals(otelName)) {
        return metric;
      }
    }
    return null;
  }
}
