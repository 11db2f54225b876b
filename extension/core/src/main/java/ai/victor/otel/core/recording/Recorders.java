package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.BoundedValues;
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

  /** Counts and samples the operations of one cache namespace. */
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
    private static final String[] CAUSES = {"size", "expired", "collected"};

    private final Telemetry telemetry;
    private final String namespace;
    private final Attributes hit;
    private final Attributes miss;
    private final Attributes load;
    private final Attributes put;
    private final Attributes eviction;
    private final Attributes[] evictionsByCause = new Attributes[CAUSES.length];
    private final Attributes invalidation;
    private final Attributes latency;

    CacheRecorder(Telemetry telemetry, String namespace) {
      this.telemetry = telemetry;
      this.namespace = namespace;
      hit = Attributes.of(NAMESPACE, namespace, OPERATION, "hit");
      miss = Attributes.of(NAMESPACE, namespace, OPERATION, "miss");
      load = Attributes.of(NAMESPACE, namespace, OPERATION, "load");
      put = Attributes.of(NAMESPACE, namespace, OPERATION, "put");
      eviction = Attributes.of(NAMESPACE, namespace, OPERATION, "eviction");
      for (int i = 0; i < CAUSES.length; i++) {
        evictionsByCause[i] = Attributes.of(NAMESPACE, namespace, OPERATION, "eviction",
            CAUSE, CAUSES[i]);
      }
      invalidation = Attributes.of(NAMESPACE, namespace, OPERATION, "invalidation");
      latency = Attributes.of(NAMESPACE, namespace);
      // Series exist from the first call, so rates read 0 rather than "no data" until used.
      for (Attributes operation : new Attributes[] {hit, miss, put, eviction, invalidation}) {
        telemetry.cacheOperations.add(0, operation);
      }
    }

    public String namespace() {
      return namespace;
    }

    // The root context, not the current one (configured classes and cache libraries alike): these
    // adds run on every cache call, and looking up the current context (a thread-local read) plus
    // the exemplar filter's check of its span was a measurable share of the cache path's budget
    // (docs/performance.md). The counters therefore carry no exemplars; the sampled latency
    // histogram below keeps them.

    public void hit() {
      telemetry.cacheOperations.add(1, hit, Context.root());
    }

    public void miss() {
      telemetry.cacheOperations.add(1, miss, Context.root());
    }

    /** {@code count} lookups that found a value (a bulk lookup counts each key). */
    public void hits(long count) {
      telemetry.cacheOperations.add(count, hit, Context.root());
    }

    public void misses(long count) {
      telemetry.cacheOperations.add(count, miss, Context.root());
    }

    /** A loader ran for a missing entry (a library cache's read-through). */
    public void load() {
      telemetry.cacheOperations.add(1, load, Context.root());
    }

    public void put() {
      telemetry.cacheOperations.add(1, put, Context.root());
    }

    public void puts(long count) {
      telemetry.cacheOperations.add(count, put, Context.root());
    }

    public void eviction() {
      telemetry.cacheOperations.add(1, eviction, Context.root());
    }

    /** An eviction whose cause the library reported: one of the {@code CAUSE_} constants. */
    public void eviction(int cause) {
      telemetry.cacheOperations.add(1, evictionsByCause[cause], Context.root());
    }

    public void invalidation() {
      telemetry.cacheOperations.add(1, invalidation, Context.root());
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

    /** Ends an execution whose asynchronous result was cancelled: only the span records it. */
    public void cancel(Span span) {
      telemetry.toolConcurrent.add(-1, concurrency);
      cancelled(span);
    }

    /** Ends one execution; {@code status} is one of the STATUS_ constants. */
    public void end(Span span, long nanos, String status, Throwable error) {
      telemetry.toolConcurrent.add(-1, concurrency);
      Attributes attributes = STATUS_SUCCESS.equals(status) ? success
          : STATUS_TIMEOUT.equals(status) ? timeout : this.error;
      telemetry.toolDuration.record(nanos / NANOS_PER_MS, attributes);
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
    private static final ContextKey<Boolean> IN_CALL = ContextKey.named("victor-provider-call");
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
     * The context of a call in progress: {@code parent} with the call's span, marked as inside a
     * recorded provider call, so that a provider SDK the call goes through (Spring AI 2.x and
     * LangChain4j's official OpenAI module are built on the OpenAI SDK) does not record it again.
     * The mark is per copy of core, that is per class loader: a framework and an SDK loaded by
     * different class loaders would both record.
     */
    public static Context context(Context parent, Span span) {
      return parent.with(span).with(IN_CALL, Boolean.TRUE);
    }

    /** Whether {@code context} is inside a provider call recorded by {@link #context}. */
    public static boolean inCall(Context context) {
      return context.get(IN_CALL) != null;
    }

    /**
     * Ends one call. {@code errorType} is null for a success; token counts below zero mean the
     * response did not say.
     */
    public void end(Span span, long nanos, String errorType, Throwable error, long input,
        long output) {
      int errorIndex = recordSeries(nanos, errorType, input, output);
      telemetry.genaiDuration.record(nanos / 1e9, errorIndex < 0 ? genai : genaiErrors[errorIndex]);
      if (errorIndex >= 0) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, errorType);
        if (error != null) {
          span.recordException(error);
        }
      }
      if (input >= 0) {
        telemetry.genaiTokens.record(input, genaiInputTokens);
        span.setAttribute(GENAI_INPUT_TOKENS, input);
      }
      if (output >= 0) {
        telemetry.genaiTokens.record(output, genaiOutputTokens);
        span.setAttribute(GENAI_OUTPUT_TOKENS, output);
      }
      span.end();
    }

    /**
     * Records one call in the victor series only, not in the GenAI metrics and on no span: for a
     * call whose span and {@code gen_ai.client.*} points another instrumentation records (the
     * upstream agent's OpenAI module, docs/decisions.md). Arguments as {@link #end}.
     */
    public void endSeries(long nanos, String errorType, long input, long output) {
      recordSeries(nanos, errorType, input, output);
    }

    /** The victor series of one call; returns the error type's index, -1 for a success. */
    private int recordSeries(long nanos, String errorType, long input, long output) {
      telemetry.providerLatency.record(nanos / NANOS_PER_MS, calls);
      int errorIndex = errorIndex(errorType);
      if (errorIndex >= 0) {
        telemetry.providerErrors.add(1, errors[errorIndex]);
      }
      if (input >= 0) {
        telemetry.providerTokens.add(input, inputTokens);
      }
      if (output >= 0) {
        telemetry.providerTokens.add(output, outputTokens);
      }
      return errorIndex;
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
