package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.bootstrap.CacheCounts;
import ai.victor.otel.core.Labels;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recording API: one recorder per resolved name (cache namespace, tool, provider and model),
 * holding every attribute set it will need, built when the recorder is created. Recording then
 * costs only the SDK's add/record with pre-built attributes.
 */
public final class Recorders {
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(Labels.NAMESPACE);
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey(Labels.OPERATION);
  static final AttributeKey<String> CAUSE = AttributeKey.stringKey(Labels.CAUSE);
  static final AttributeKey<String> CACHE_TYPE = AttributeKey.stringKey(Labels.CACHE_TYPE);
  static final AttributeKey<String> RESULT = AttributeKey.stringKey(Labels.RESULT);
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey(Labels.PROVIDER);
  static final AttributeKey<String> MODEL = AttributeKey.stringKey(Labels.MODEL);
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(Labels.ERROR_TYPE);
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey(Labels.TOKEN_TYPE);
  static final AttributeKey<String> TOOL = AttributeKey.stringKey(Labels.TOOL);
  static final AttributeKey<String> STATUS = AttributeKey.stringKey(Labels.STATUS);
  static final AttributeKey<String> COMPONENT = AttributeKey.stringKey(Labels.COMPONENT);
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey(Labels.SERVICE);

  public static final AttributeKey<String> GENAI_OPERATION =
      AttributeKey.stringKey(Labels.GENAI_OPERATION);
  public static final AttributeKey<String> GENAI_PROVIDER =
      AttributeKey.stringKey(Labels.GENAI_PROVIDER);
  public static final AttributeKey<String> GENAI_REQUEST_MODEL =
      AttributeKey.stringKey(Labels.GENAI_REQUEST_MODEL);
  static final AttributeKey<String> GENAI_TOKEN_TYPE =
      AttributeKey.stringKey(Labels.GENAI_TOKEN_TYPE);
  public static final AttributeKey<String> ERROR_TYPE_SEMCONV =
      AttributeKey.stringKey(Labels.ERROR_TYPE_SEMCONV);
  public static final AttributeKey<String> GENAI_RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<java.util.List<String>> GENAI_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Long> GENAI_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> GENAI_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> GENAI_INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> GENAI_OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> GENAI_TOOL_NAME =
      AttributeKey.stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> GENAI_TOOL_TYPE =
      AttributeKey.stringKey("gen_ai.tool.type");
  public static final AttributeKey<String> GENAI_TOOL_CALL_ID =
      AttributeKey.stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> GENAI_TOOL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  public static final AttributeKey<String> GENAI_TOOL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");
  /**
   * On the span of a call whose asynchronous result its consumer cancelled: neither a success
   * nor an error of the callee, so no duration or outcome series counts it.
   */
  public static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("victor.cancelled");

  /** Ends the span of a cancelled call (see {@link #CANCELLED}). */
  public static void cancelled(Span span) {
    span.setAttribute(CANCELLED, true);
    span.end();
  }
  public static final AttributeKey<String> SELECTION_CACHE_TYPE =
      AttributeKey.stringKey("victor.tool_selection.cache_type");
  public static final AttributeKey<Long> SELECTION_TOOL_COUNT =
      AttributeKey.longKey("victor.tool_selection.tool_count");

  public static final String STATUS_SUCCESS = "success";
  public static final String STATUS_ERROR = "error";
  public static final String STATUS_TIMEOUT = "timeout";

  private static final double NANOS_PER_MS = 1_000_000.0;

  private Recorders() {}

  public static CacheRecorder cache(Telemetry telemetry, String namespace) {
    return new CacheRecorder(telemetry, namespace);
  }

  public static ToolRecorder tool(Telemetry telemetry, String tool) {
    return new ToolRecorder(telemetry, tool);
  }

  public static ProviderRecorder provider(Telemetry telemetry, String provider, String model) {
    return new ProviderRecorder(telemetry, provider, model);
  }

  /**
   * Counts and samples the operations of one cache namespace. The counts go to the JVM's striped
   * adders of the namespace ({@link CacheCounts}), which {@link CacheCounters} reports as {@code
   * victor.cache.operations} at each collection; only the sampled latency goes through the SDK
   * per call.
   */
  public static final class CacheRecorder {
    /**
     * Series one namespace adds: 5 operations, latency, and the derived hits, evictions, hit
     * rate, and the entries, utilization and memory gauges.
     */
    public static final int SERIES = 12;
    /** Series one namespace adds to its widest instrument, the 5 operations. */
    public static final int WIDEST = 5;
    /** Eviction causes a cache library can report, in the order of {@link #eviction(int)}. */
    public static final int CAUSE_SIZE = 0;
    public static final int CAUSE_EXPIRED = 1;
    public static final int CAUSE_COLLECTED = 2;

    private final Telemetry telemetry;
    private final String namespace;
    private final CacheCounts.Counts counts;
    private final Attributes latency;

    CacheRecorder(Telemetry telemetry, String namespace) {
      this.telemetry = telemetry;
      this.namespace = namespace;
      // The namespace's series exist from here on (the counter reports its operations from 0),
      // so rates read 0 rather than "no data" until used.
      this.counts = telemetry.state().cacheCounts().of(namespace);
      latency = Attributes.of(NAMESPACE, namespace);
    }

    public String namespace() {
      return namespace;
    }

    public void hit() {
      counts.add(CacheCounts.HIT, 1);
    }

    public void miss() {
      counts.add(CacheCounts.MISS, 1);
    }

    /** {@code count} lookups that found a value (a bulk lookup counts each key). */
    public void hits(long count) {
      counts.add(CacheCounts.HIT, count);
    }

    public void misses(long count) {
      counts.add(CacheCounts.MISS, count);
    }

    /** A loader ran for a missing entry (a library cache's read-through). */
    public void load() {
      counts.add(CacheCounts.LOAD, 1);
    }

    public void put() {
      counts.add(CacheCounts.PUT, 1);
    }

    public void puts(long count) {
      counts.add(CacheCounts.PUT, count);
    }

    public void eviction() {
      counts.add(CacheCounts.EVICTION, 1);
    }

    /** An eviction whose cause the library reported: one of the {@code CAUSE_} constants. */
    public void eviction(int cause) {
      counts.add(CacheCounts.EVICTION_SIZE + cause, 1);
    }

    public void invalidation() {
      counts.add(CacheCounts.INVALIDATION, 1);
    }

    public void latency(long nanos) {
      telemetry.cacheLatency.record(nanos / NANOS_PER_MS, latency);
    }
  }

  /** Records tool selections; cache types are a small set, kept per (type, hit) pair. */
  public static final class SelectionRecorder {
    /** Series one cache type adds: latency and derived requests by hit/miss, and the hit rate. */
    static final int SERIES = 5;
    static final int WIDEST = 2;
    private final Telemetry telemetry;
    private final BoundedValues cacheTypes;
    private final ConcurrentHashMap<String, Attributes[]> attributes = new ConcurrentHashMap<>();
    private final Attributes none = Attributes.empty();

    public SelectionRecorder(Telemetry telemetry) {
      this.telemetry = telemetry;
      this.cacheTypes = telemetry.selectionCacheTypes();
    }

    public Span start(Context parent) {
      return telemetry.tracer.spanBuilder("select_tools")
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL)
          .startSpan();
    }

    /** Records one selection: which cache served it ("none" when computed) and how many tools. */
    public void record(long nanos, String cacheType, boolean hit, long toolCount) {
      String type = cacheTypes.bound(cacheType == null ? "none" : cacheType);
      Attributes[] pair = attributes.get(type);
      if (pair == null) {
        pair = attributes.computeIfAbsent(type, t -> new Attributes[] {
          Attributes.of(CACHE_TYPE, t, RESULT, "hit"), Attributes.of(CACHE_TYPE, t, RESULT, "miss")
        });
      }
      telemetry.selectionLatency.record(nanos / NANOS_PER_MS, hit ? pair[0] : pair[1]);
      if (toolCount >= 0) {
        telemetry.selectionTools.record(toolCount, none);
      }
    }
  }

  /**
   * Marks the context of a tool execution in progress with the recorder that counts it. One tool
   * call counts once in the tool series, by the outermost layer that sees it: an MCP {@code
   * tools/call} sent inside a framework's tool is that same call going out, and only adds its own
   * span and MCP metrics; a framework's tool callback run by an MCP server's handler of the same
   * tool is that same call coming in, and stands down (docs/decisions.md, "MCP: one tool call,
   * one count").
   */
  private static final ContextKey<ToolRecorder> TOOL_EXECUTION =
      ContextKey.named("victor-tool-execution");

  /** The context a tool execution runs in: {@code parent} with its span, marked as tool's. */
  public static Context toolContext(Context parent, Span span, ToolRecorder tool) {
    return parent.with(span).with(TOOL_EXECUTION, tool);
  }

  /** Whether {@code context} is inside a tool execution that a tool layer counts. */
  public static boolean inToolExecution(Context context) {
    return context.get(TOOL_EXECUTION) != null;
  }

  /** Whether {@code context} is inside an execution of {@code tool} that an outer layer counts. */
  public static boolean executing(Context context, ToolRecorder tool) {
    return context.get(TOOL_EXECUTION) == tool;
  }

  /** Records the executions of one tool. */
  public static final class ToolRecorder {
    /**
     * Series one tool adds: duration and derived executions by 3 statuses, the derived error
     * rate, and the concurrency gauge.
     */
    public static final int SERIES = 8;
    /** Series one tool adds to its widest instrument, the 3 statuses. */
    public static final int WIDEST = 3;
    private final Telemetry telemetry;
    private final String tool;
    private final String spanName;
    private final Attributes success;
    private final Attributes error;
    private final Attributes timeout;
    private final Attributes concurrency;

    ToolRecorder(Telemetry telemetry, String tool) {
      this.telemetry = telemetry;
      this.tool = tool;
      this.spanName = "execute_tool " + tool;
      success = Attributes.of(TOOL, tool, STATUS, STATUS_SUCCESS);
      error = Attributes.of(TOOL, tool, STATUS, STATUS_ERROR);
      timeout = Attributes.of(TOOL, tool, STATUS, STATUS_TIMEOUT);
      concurrency = Attributes.of(TOOL, tool);
    }

    public Span start(Context parent, String toolType) {
      telemetry.toolConcurrent.add(1, concurrency);
      return telemetry.tracer.spanBuilder(spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(GENAI_OPERATION, "execute_tool")
          .setAttribute(GENAI_TOOL_NAME, tool)
          .setAttribute(GENAI_TOOL_TYPE, toolType)
          .startSpan();
    }

    /**
     * Starts an execution whose span another layer owns (an MCP client or server span, which is
     * the tool call's span there): the series only. Ends with {@link #finish}.
     */
    public void begin() {
      telemetry.toolConcurrent.add(1, concurrency);
    }

    /** Ends an execution started with {@link #begin}; {@code status} is a STATUS_ constant. */
    public void finish(long nanos, String status) {
      telemetry.toolConcurrent.add(-1, concurrency);
      Attributes attributes = STATUS_SUCCESS.equals(status) ? success
          : STATUS_TIMEOUT.equals(status) ? timeout : this.error;
      telemetry.toolDuration.record(nanos / NANOS_PER_MS, attributes);
    }

    /** Ends an execution whose asynchronous result was cancelled: only the span records it. */
    public void cancel(Span span) {
      telemetry.toolConcurrent.add(-1, concurrency);
      cancelled(span);
    }

    /** Ends one execution; {@code status} is one of the STATUS_ constants. */
    public void end(Span span, long nanos, String status, Throwable error) {
      finish(nanos, status);
      if (!STATUS_SUCCESS.equals(status)) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, error == null ? "tool_error"
            : error.getClass().getName());
        if (error != null) {
          span.recordException(error);
        }
      }
      span.end();
    }
  }

  /** Records the calls of one (provider, model) pair, in both the victor and GenAI metrics. */
  public static final class ProviderRecorder {
    /**
     * Series one (provider, model) pair adds: latency, derived requests, 5 error types, 2 token
     * types, GenAI duration by 6 outcomes and tokens by 2 types, derived error rate and health.
     */
    public static final int SERIES = 19;
    /** Series one pair adds to its widest instrument: GenAI duration, success and 5 errors. */
    public static final int WIDEST = 6;
    private static final String[] ERROR_TYPES = {"timeout", "rate_limited", "server", "client",
        "other"};
    private final Telemetry telemetry;
    private final String spanName;
    private final Attributes calls;
    private final Attributes[] errors = new Attributes[ERROR_TYPES.length];
    private final Attributes genai;
    private final Attributes[] genaiErrors = new Attributes[ERROR_TYPES.length];
    private final Attributes inputTokens;
    private final Attributes outputTokens;
    private final Attributes genaiInputTokens;
    private final Attributes genaiOutputTokens;

    ProviderRecorder(Telemetry telemetry, String provider, String model) {
      this.telemetry = telemetry;
      this.spanName = "chat " + model;
      calls = Attributes.of(PROVIDER, provider, MODEL, model);
      genai = Attributes.of(GENAI_OPERATION, "chat", GENAI_PROVIDER, provider,
          GENAI_REQUEST_MODEL, model);
      for (int i = 0; i < ERROR_TYPES.length; i++) {
        errors[i] = Attributes.of(PROVIDER, provider, MODEL, model, ERROR_TYPE, ERROR_TYPES[i]);
        genaiErrors[i] = genai.toBuilder().put(ERROR_TYPE_SEMCONV, ERROR_TYPES[i]).build();
      }
      inputTokens = Attributes.of(PROVIDER, provider, MODEL, model, TOKEN_TYPE, "input");
      outputTokens = Attributes.of(PROVIDER, provider, MODEL, model, TOKEN_TYPE, "output");
      genaiInputTokens = genai.toBuilder().put(GENAI_TOKEN_TYPE, "input").build();
      genaiOutputTokens = genai.toBuilder().put(GENAI_TOKEN_TYPE, "output").build();
      // Error series exist from the first call, so error rates read 0 rather than "no data".
      for (Attributes errorType : errors) {
        telemetry.providerErrors.add(0, errorType);
      }
    }

    public Span start(Context parent) {
      return telemetry.tracer.spanBuilder(spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.CLIENT)
          .setAllAttributes(genai)
          .startSpan();
    }

    /**
     * Ends one call. {@code errorType} is null for a success; token counts below zero mean the
     * response did not say.
     */
    public void end(Span span, long nanos, String errorType, Throwable error, long input,
        long output) {
      telemetry.providerLatency.record(nanos / NANOS_PER_MS, calls);
      int errorIndex = errorIndex(errorType);
      telemetry.genaiDuration.record(nanos / 1e9, errorIndex < 0 ? genai : genaiErrors[errorIndex]);
      if (errorIndex >= 0) {
        telemetry.providerErrors.add(1, errors[errorIndex]);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, errorType);
        if (error != null) {
          span.recordException(error);
        }
      }
      if (input >= 0) {
        telemetry.providerTokens.add(input, inputTokens);
        telemetry.genaiTokens.record(input, genaiInputTokens);
        span.setAttribute(GENAI_INPUT_TOKENS, input);
      }
      if (output >= 0) {
        telemetry.providerTokens.add(output, outputTokens);
        telemetry.genaiTokens.record(output, genaiOutputTokens);
        span.setAttribute(GENAI_OUTPUT_TOKENS, output);
      }
      span.end();
    }

    private static int errorIndex(String errorType) {
      if (errorType == null) {
        return -1;
      }
      for (int i = 0; i < ERROR_TYPES.length; i++) {
        if (ERROR_TYPES[i].equals(errorType)) {
          return i;
        }
      }
      return ERROR_TYPES.length - 1;
    }
  }

  /** Records the bootstrap phases; no-ops where the API has no synchronous gauge (null). */
  public static void startupFinished(Telemetry telemetry, double seconds) {
    if (telemetry.startupTime != null) {
      telemetry.startupTime.set(seconds);
      telemetry.startupInProgress.set(0);
    }
  }

  public static void startupInProgress(Telemetry telemetry) {
    if (telemetry.startupInProgress != null) {
      telemetry.startupInProgress.set(1);
    }
  }

  public static void componentInitialized(Telemetry telemetry, String component, double seconds) {
    if (telemetry.componentTime != null) {
      telemetry.componentTime.set(seconds, Attributes.of(COMPONENT, component));
    }
  }

  public static void serviceRegistered(Telemetry telemetry, String service, double seconds) {
    if (telemetry.registrationTime != null) {
      telemetry.registrationTime.set(seconds, Attributes.of(SERVICE, service));
    }
  }
}
