package ai.victor.otel.core.recording;

import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.bootstrap.CacheCounts;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Pricing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The recording API: one recorder per resolved name (cache namespace, tool, provider and model,
 * agent), holding every attribute set it will need, built when the recorder is created. Recording
 * then costs only the SDK's add/record with pre-built attributes.
 *
 * <h2>For a provider path (a framework or provider SDK module)</h2>
 *
 * Everything a provider call records goes through one API, so a new path needs no other change
 * in core, the catalog, the rules or the dashboard:
 *
 * <pre>{@code
 * ProviderRecorder recorder = telemetry.providerRecorder(provider, model);   // once per model
 * // or providerRecorder(provider, model, serverAddress, serverPort) where the base URL is known
 * ProviderCall call = recorder.start(Context.current());  // counts as a model call of the
 * try (Scope scope = call.context().makeCurrent()) {       // agent invocation in the context
 *   call.stream(true);                    // gen_ai.request.stream, when the request says
 *   call.chunk();                         // per streamed chunk: the first is the time to first
 *                                         // chunk, the next ones the time per output chunk
 *   call.retry();                         // per attempt beyond the first in this logical call
 *   RateLimits.record(call, headers::get);// x-ratelimit-* / anthropic-ratelimit-* headers, or
 *   call.rateLimits(reqLimit, reqLeft, tokLimit, tokLeft);   // -1: not reported
 *   call.responseModel(m); call.responseId(id); call.finishReason("stop");
 *   call.conversationId(id);              // span only
 * }
 * call.end(TokenUsage.of(input, output, cacheRead, cacheWrite, reasoning), null, null);
 * call.end(TokenUsage.NONE, ErrorClassifier.classify(e), e);   // a failure
 * call.cancel();                          // the consumer cancelled: neither success nor error
 * }</pre>
 *
 * {@link TokenUsage#NOT_REPORTED} (-1) is "the answer did not say", which records nothing;
 * 0 records 0 (a prompt-cache ratio of 0 % needs a reported 0). Input includes cached input and
 * output includes reasoning, as the GenAI conventions count them; APIs that count cached input
 * apart use {@link TokenUsage#ofUncachedInput}. Cost, unpriced tokens, tenants and the agent's
 * per-invocation counts follow from the configuration and the context: a path does nothing for
 * them. Captured content goes on {@link ProviderCall#span()} as {@link GenAiMessages} JSON.
 *
 * <h2>For an agent path</h2>
 *
 * <pre>{@code
 * AgentInvocation invocation = telemetry.agentRecorder(name).start(Context.current());
 * invocation.conversationId(memoryId);
 * try (Scope scope = invocation.context().makeCurrent()) { ... }   // nested calls count
 * invocation.end(error);                  // null for a success
 * }</pre>
 *
 * A sub-agent started inside an invocation's context is an invocation of its own, nested in it;
 * tool calls made through {@link ToolRecorder#start(Context, String, CharSequence)} with their
 * arguments are checked for exact repetition (tool name and an argument hash, never the
 * arguments themselves).
 */
public final class Recorders {
  /**
   * The context of the concurrency gauge's adds: the root, so the SDK's trace-based filter offers
   * no exemplar. The gauge is read as a gauge (Prometheus keeps no exemplar on one), and under a
   * sampled span each add would otherwise store one: about 0.3 µs of a tool call's cost for
   * nothing read (docs/performance.md, MCP elimination).
   */
  private static final Context NO_EXEMPLAR = Context.root();
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
  static final AttributeKey<String> TENANT = AttributeKey.stringKey(Labels.TENANT);
  static final AttributeKey<String> CURRENCY = AttributeKey.stringKey(Labels.CURRENCY);
  static final AttributeKey<String> LIMIT_TYPE = AttributeKey.stringKey(Labels.LIMIT_TYPE);
  static final AttributeKey<String> AGENT = AttributeKey.stringKey(Labels.AGENT);
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey(Labels.SERVER_ADDRESS);
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(Labels.SERVER_PORT);
  static final AttributeKey<String> GENAI_AGENT_NAME =
      AttributeKey.stringKey(Labels.GENAI_AGENT_NAME);
  public static final AttributeKey<Long> GENAI_CACHE_READ_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<Long> GENAI_CACHE_WRITE_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");
  public static final AttributeKey<Long> GENAI_REASONING_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  /** The cost of a call's tokens at the configured prices, and their currency. */
  public static final AttributeKey<Double> COST = AttributeKey.doubleKey("victor.cost");
  public static final AttributeKey<String> COST_CURRENCY =
      AttributeKey.stringKey("victor.cost.currency");
  /** The tenant a call's token, cost and error series were recorded under (tenants on). */
  public static final AttributeKey<String> TENANT_ATTRIBUTE =
      AttributeKey.stringKey("victor.tenant");
  static final AttributeKey<Long> AGENT_MODEL_CALLS =
      AttributeKey.longKey("victor.agent.model_calls");
  static final AttributeKey<Long> AGENT_TOOL_CALLS =
      AttributeKey.longKey("victor.agent.tool_calls");

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
      AttributeKey.stringKey(Labels.GENAI_RESPONSE_MODEL);
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
      AttributeKey.stringKey(Labels.GENAI_TOOL_NAME);
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
  /** {@code error.type} of a tool that failed without an exception (its result said so). */
  static final String TOOL_ERROR = "tool_error";
  /** Failure classes of provider calls and agent invocations ({@code ErrorClassifier}). */
  static final String[] ERROR_TYPES = {"timeout", "rate_limited", "server", "client", "other"};
  /** Separates the parts of a cap key (provider, model, tenant...). */
  static final char SEPARATOR = '\u0000';

  private static final double NANOS_PER_MS = 1_000_000.0;
  private static final double NANOS_PER_S = 1_000_000_000.0;

  private Recorders() {}

  public static CacheRecorder cache(Telemetry telemetry, String namespace) {
    return new CacheRecorder(telemetry, namespace);
  }

  public static ToolRecorder tool(Telemetry telemetry, String tool) {
    return new ToolRecorder(telemetry, tool);
  }

  static ProviderRecorder provider(Telemetry telemetry, String provider, String model, String key,
      String serverAddress, long serverPort) {
    return new ProviderRecorder(telemetry, provider, model, key, serverAddress, serverPort);
  }

  static AgentRecorder agent(Telemetry telemetry, String name) {
    return new AgentRecorder(telemetry, name);
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
     * rate, the concurrency gauge, the GenAI tool duration by 3 outcomes and the repeated calls.
     */
    public static final int SERIES = 12;
    /** Series one tool adds to its widest instrument, the 3 statuses. */
    public static final int WIDEST = 3;
    private final Telemetry telemetry;
    private final String tool;
    private final String spanName;
    private final Attributes success;
    private final Attributes error;
    private final Attributes timeout;
    private final Attributes concurrency;
    private final Attributes genaiSuccess;
    private final Attributes genaiError;
    private final Attributes genaiTimeout;

    ToolRecorder(Telemetry telemetry, String tool) {
      this.telemetry = telemetry;
      this.tool = tool;
      this.spanName = "execute_tool " + tool;
      success = Attributes.of(TOOL, tool, STATUS, STATUS_SUCCESS);
      error = Attributes.of(TOOL, tool, STATUS, STATUS_ERROR);
      timeout = Attributes.of(TOOL, tool, STATUS, STATUS_TIMEOUT);
      concurrency = Attributes.of(TOOL, tool);
      genaiSuccess = Attributes.of(GENAI_TOOL_NAME, tool);
      genaiError = Attributes.of(GENAI_TOOL_NAME, tool, ERROR_TYPE_SEMCONV, TOOL_ERROR);
      genaiTimeout = Attributes.of(GENAI_TOOL_NAME, tool, ERROR_TYPE_SEMCONV, STATUS_TIMEOUT);
    }

    /** Starts an execution whose arguments the path does not know (no loop detection). */
    public Span start(Context parent, String toolType) {
      return start(parent, toolType, null);
    }

    /**
     * Starts an execution. When it runs inside an agent invocation ({@link AgentInvocation}), it
     * counts as one of its tool calls, and as a repeated one when the tool and a hash of {@code
     * arguments} equal the previous tool call's ({@code victor.agent.repeated_tool_calls}); the
     * arguments themselves are neither kept nor recorded here. Null arguments count the call
     * but never as a repetition.
     */
    public Span start(Context parent, String toolType, CharSequence arguments) {
      telemetry.toolConcurrent.add(1, concurrency, NO_EXEMPLAR);
      SpanBuilder builder = telemetry.tracer.spanBuilder(spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(GENAI_OPERATION, "execute_tool")
          .setAttribute(GENAI_TOOL_NAME, tool)
          .setAttribute(GENAI_TOOL_TYPE, toolType);
      AgentInvocation invocation = AgentInvocation.current(parent);
      if (invocation != null) {
        builder.setAttribute(GENAI_AGENT_NAME, invocation.recorder.name);
        if (invocation.toolCall(tool, arguments) && arguments != null) {
          telemetry.agentRepeatedToolCalls.add(1, concurrency);
        }
      }
      return builder.startSpan();
    }

    /**
     * Starts an execution whose span another layer owns (an MCP client or server span, which is
     * the tool call's span there): the series only. Ends with {@link #finish}.
     */
    public void begin() {
      telemetry.toolConcurrent.add(1, concurrency, NO_EXEMPLAR);
    }

    /** Ends an execution started with {@link #begin}; {@code status} is a STATUS_ constant. */
    public void finish(long nanos, String status) {
      telemetry.toolConcurrent.add(-1, concurrency, NO_EXEMPLAR);
      boolean succeeded = STATUS_SUCCESS.equals(status);
      boolean timedOut = STATUS_TIMEOUT.equals(status);
      telemetry.toolDuration.record(nanos / NANOS_PER_MS,
          succeeded ? success : timedOut ? timeout : this.error);
      telemetry.genaiToolDuration.record(nanos / NANOS_PER_S,
          succeeded ? genaiSuccess : timedOut ? genaiTimeout : genaiError);
    }

    /** Ends an execution whose asynchronous result was cancelled: only the span records it. */
    public void cancel(Span span) {
      telemetry.toolConcurrent.add(-1, concurrency, NO_EXEMPLAR);
      cancelled(span);
    }

    /** Ends one execution; {@code status} is one of the STATUS_ constants. */
    public void end(Span span, long nanos, String status, Throwable error) {
      finish(nanos, status);
      if (!STATUS_SUCCESS.equals(status)) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, error == null ? TOOL_ERROR
            : error.getClass().getName());
        if (error != null) {
          span.recordException(error);
        }
      }
      span.end();
    }
  }

  /**
   * Records the invocations of one agent: an {@code invoke_agent {name}} span, {@code
   * gen_ai.invoke_agent.duration}, and the model and tool calls counted per invocation. The
   * invocation itself ({@link AgentInvocation}) travels in the context, where the provider and
   * tool recorders beneath it find it; a path (an AI service, a ChatClient call, a configured
   * agent method, an agentic sub-agent) only calls {@link #start} and {@link AgentInvocation#end}.
   */
  public static final class AgentRecorder {
    /** Series one agent adds: duration by 6 outcomes, model calls, tool calls. */
    public static final int SERIES = 8;
    /** Series one agent adds to its widest instrument, the duration by outcome. */
    public static final int WIDEST = 6;
    private final Telemetry telemetry;
    final String name;
    private final String spanName;
    private final SpanAttributes spanAttributes;
    private final Attributes agent;
    private final Attributes durationOk;
    private final Attributes[] durationErrors = new Attributes[ERROR_TYPES.length];

    AgentRecorder(Telemetry telemetry, String name) {
      this.telemetry = telemetry;
      this.name = name;
      this.spanName = "invoke_agent " + name;
      spanAttributes = new SpanAttributes(
          Attributes.of(GENAI_OPERATION, "invoke_agent", GENAI_AGENT_NAME, name));
      agent = Attributes.of(AGENT, name);
      durationOk = Attributes.of(GENAI_AGENT_NAME, name);
      for (int i = 0; i < ERROR_TYPES.length; i++) {
        durationErrors[i] = Attributes.of(GENAI_AGENT_NAME, name, ERROR_TYPE_SEMCONV,
            ERROR_TYPES[i]);
      }
    }

    public String name() {
      return name;
    }

    /** Starts an invocation under {@code parent}; make {@link AgentInvocation#context()} current. */
    public AgentInvocation start(Context parent) {
      Span span = spanAttributes.setOn(telemetry.tracer.spanBuilder(spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL))
          .startSpan();
      AgentInvocation invocation = new AgentInvocation(this, parent, span);
      String conversation = invocation.outer() == null ? null : invocation.conversationId();
      if (conversation != null) {
        span.setAttribute(ProviderCall.CONVERSATION_ID, conversation);
      }
      return invocation;
    }

    void end(AgentInvocation invocation, long nanos, String errorType, Throwable error) {
      int index = errorIndex(errorType);
      telemetry.genaiAgentDuration.record(nanos / NANOS_PER_S,
          index < 0 ? durationOk : durationErrors[index]);
      int modelCalls = invocation.modelCalls;
      int toolCalls = invocation.toolCalls;
      telemetry.agentModelCalls.record(modelCalls, agent);
      telemetry.agentToolCalls.record(toolCalls, agent);
      Span span = invocation.span();
      span.setAttribute(AGENT_MODEL_CALLS, (long) modelCalls);
      span.setAttribute(AGENT_TOOL_CALLS, (long) toolCalls);
      if (index >= 0) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, errorType);
        if (error != null) {
          span.recordException(error);
        }
      }
      span.end();
    }
  }

  /**
   * Records the calls of one provider and model (and server, where the path knows it), in the
   * victor and the GenAI metrics. A path starts each call with {@link #start} and tells the
   * returned {@link ProviderCall} what it learns; this class holds every attribute set the call
   * can need, built once, so recording is the SDK's add/record with pre-built attributes.
   *
   * <p>What one call records at its end: latency, outcome, tokens by kind ({@link TokenUsage}:
   * "not reported" records nothing, 0 records 0), the GenAI duration and token usage with the
   * response model, the cost at the configured prices (each kind at its own rate; a kind without
   * a price is counted in {@code victor.provider.unpriced_tokens} and logged once per model),
   * and, when tenants are on, the tokens, cost and errors per tenant.
   */
  public static final class ProviderRecorder {
    /**
     * Series one (provider, model) pair adds: latency, derived requests, 5 error types, 5 token
     * types, GenAI duration by 6 outcomes and tokens by 2 types, time to first chunk and per
     * chunk, cost, 5 unpriced kinds, retries, 4 rate-limit gauges, derived error rate and health.
     */
    public static final int SERIES = 35;
    /** Series one pair adds to its widest instrument: GenAI duration, success and 5 errors. */
    public static final int WIDEST = 6;
    /**
     * Series one (pair, tenant) adds when tenants are on: 5 token types, cost, 5 error types;
     * the widest of them, tokens or errors, gets 5.
     */
    static final int TENANT_SERIES = 11;
    static final int TENANT_WIDEST = 5;
    /** Series one (pair, response model) adds: GenAI duration and the 2 token types. */
    static final int RESPONSE_MODEL_SERIES = 3;
    /** Series one (pair, server) adds: the GenAI duration by 6 outcomes, 2 token types, 2 chunk. */
    static final int SERVER_SERIES = 10;
    private static final String[] TOKEN_TYPES = {"input", "output", "cache_read", "cache_write",
        "reasoning"};
    private static final String[] LIMIT_TYPES = {"requests", "tokens"};
    private static final Logger logger = Logger.getLogger("ai.victor.otel");

    private final Telemetry telemetry;
    private final String provider;
    private final String model;
    /** The pair as the caps know it, for the per-tenant and per-response-model caps. */
    private final String key;
    private final String spanName;
    private final SpanAttributes spanAttributes;
    private final Attributes calls;
    private final Attributes genai;
    private final Attributes[] genaiErrors = new Attributes[ERROR_TYPES.length];
    private final Attributes retries;
    private final Attributes[] unpriced = new Attributes[TOKEN_TYPES.length];
    private final Attributes[] remaining = new Attributes[LIMIT_TYPES.length];
    private final Attributes[] limits = new Attributes[LIMIT_TYPES.length];
    private final String serverAddress;
    private final long serverPort;
    /** Prices per million tokens by kind, NaN where none; null when costs are not recorded. */
    private final double[] prices;
    /** Whether the model has a price of any kind; an unpriced model's calls have no cost. */
    private final boolean priced;
    private final AtomicBoolean unpricedLogged = new AtomicBoolean();
    /** The series without a tenant label, used when tenants are off. */
    private final TenantSeries untenanted;
    private final ConcurrentHashMap<String, TenantSeries> tenants;
    private final GenAiSeries noResponseModel;
    private final ConcurrentHashMap<String, GenAiSeries> responseModels =
        new ConcurrentHashMap<>();
    private volatile GenAiSeries lastResponseModel;

    ProviderRecorder(Telemetry telemetry, String provider, String model, String key,
        String serverAddress, long serverPort) {
      this.telemetry = telemetry;
      this.provider = provider;
      this.model = model;
      this.key = key;
      this.serverAddress = serverAddress;
      this.serverPort = serverPort;
      this.spanName = "chat " + model;
      calls = Attributes.of(PROVIDER, provider, MODEL, model);
      AttributesBuilder base = Attributes.builder().put(GENAI_OPERATION, "chat")
          .put(GENAI_PROVIDER, provider).put(GENAI_REQUEST_MODEL, model);
      if (serverAddress != null) {
        base.put(SERVER_ADDRESS, serverAddress);
        if (serverPort > 0) {
          base.put(SERVER_PORT, serverPort);
        }
      }
      genai = base.build();
      spanAttributes = new SpanAttributes(genai);
      for (int i = 0; i < ERROR_TYPES.length; i++) {
        genaiErrors[i] = genai.toBuilder().put(ERROR_TYPE_SEMCONV, ERROR_TYPES[i]).build();
      }
      retries = calls;
      for (int i = 0; i < TOKEN_TYPES.length; i++) {
        unpriced[i] = Attributes.of(PROVIDER, provider, MODEL, model, TOKEN_TYPE, TOKEN_TYPES[i]);
      }
      for (int i = 0; i < LIMIT_TYPES.length; i++) {
        remaining[i] = Attributes.of(PROVIDER, provider, MODEL, model, LIMIT_TYPE,
            LIMIT_TYPES[i]);
        limits[i] = remaining[i];
      }
      Pricing pricing = telemetry.config.pricing();
      double[] rates = pricing.isEnabled() ? pricing.rates(provider, model) : null;
      priced = rates != null;
      if (pricing.isEnabled() && rates == null) {
        rates = new double[Pricing.KINDS.size()];
        Arrays.fill(rates, Double.NaN);
      }
      prices = rates;
      noResponseModel = new GenAiSeries(null, genai);
      if (telemetry.config.tenantEnabled()) {
        tenants = new ConcurrentHashMap<>();
        untenanted = null;
      } else {
        tenants = null;
        untenanted = new TenantSeries(this, null);
      }
    }

    /**
     * Starts a call under {@code parent}: its {@code chat {model}} CLIENT span, counted as a
     * model call of the agent invocation in {@code parent} (whose conversation id it takes), with
     * the tenant of {@code parent}'s baggage when tenants are on.
     */
    public ProviderCall start(Context parent) {
      Span span = spanAttributes.setOn(telemetry.tracer.spanBuilder(spanName)
          .setParent(parent)
          .setSpanKind(SpanKind.CLIENT))
          .startSpan();
      return started(parent, span, true);
    }

    /**
     * Starts a call that another instrumentation spans and whose {@code gen_ai.client.operation
     * .duration} and {@code gen_ai.client.token.usage} it records (the upstream agent's OpenAI
     * module, docs/decisions.md): no span of ours and none of those two metrics, everything else
     * (the victor series, cost, chunk timings, rate limits, the agent's counts) as {@link #start}.
     */
    public ProviderCall startSeriesOnly(Context parent) {
      return started(parent, Span.getInvalid(), false);
    }

    private ProviderCall started(Context parent, Span span, boolean genaiRecorded) {
      String tenant = null;
      if (tenants != null) {
        tenant = Baggage.fromContext(parent).getEntryValue(telemetry.config.tenantBaggageKey());
      }
      ProviderCall call = new ProviderCall(this, parent, span, genaiRecorded, tenant);
      AgentInvocation invocation = AgentInvocation.current(parent);
      if (invocation != null) {
        invocation.modelCall();
        call.conversationId(invocation.conversationId());
      }
      return call;
    }

    public String provider() {
      return provider;
    }

    /** Whether this recorder was made for that server (its span attributes carry it). */
    boolean isAt(String address, long port) {
      return port == serverPort && address.equals(serverAddress);
    }

    /** This pair's recorder at a server; itself for the overflow pair or the same server. */
    ProviderRecorder atServer(String address, long port) {
      if (Labels.OVERFLOW.equals(provider) || (address.equals(serverAddress)
          && port == serverPort)) {
        return this;
      }
      return telemetry.providerRecorder(provider, model, address, port);
    }

    public String model() {
      return model;
    }

    void firstChunk(double seconds) {
      telemetry.genaiTimeToFirstChunk.record(seconds, genai);
    }

    void nextChunk(double seconds) {
      telemetry.genaiTimePerChunk.record(seconds, genai);
    }

    void retry() {
      telemetry.providerRetries.add(1, retries);
    }

    void rateLimits(long requestsLimit, long requestsRemaining, long tokensLimit,
        long tokensRemaining) {
      DoubleGauge remainingGauge = telemetry.rateLimitRemaining;
      DoubleGauge limitGauge = telemetry.rateLimitLimit;
      if (remainingGauge == null || limitGauge == null) {
        return;
      }
      if (requestsRemaining >= 0) {
        remainingGauge.set(requestsRemaining, remaining[0]);
      }
      if (requestsLimit >= 0) {
        limitGauge.set(requestsLimit, limits[0]);
      }
      if (tokensRemaining >= 0) {
        remainingGauge.set(tokensRemaining, remaining[1]);
      }
      if (tokensLimit >= 0) {
        limitGauge.set(tokensLimit, limits[1]);
      }
    }

    void end(ProviderCall call, long nanos, TokenUsage usage, String errorType, Throwable error,
        String responseModel) {
      Span span = call.span();
      telemetry.providerLatency.record(nanos / NANOS_PER_MS, calls);
      TenantSeries series = tenantSeries(call.tenant);
      if (series.tenant != null) {
        span.setAttribute(TENANT_ATTRIBUTE, series.tenant);
      }
      int errorIndex = errorIndex(errorType);
      GenAiSeries genaiSeries = noResponseModel;
      boolean genaiRecorded = call.genai;
      if (errorIndex >= 0) {
        if (genaiRecorded) {
          telemetry.genaiDuration.record(nanos / NANOS_PER_S, genaiErrors[errorIndex]);
        }
        telemetry.providerErrors.add(1, series.errors[errorIndex]);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE_SEMCONV, errorType);
        if (error != null) {
          span.recordException(error);
        }
      } else {
        if (genaiRecorded) {
          genaiSeries = genaiSeries(responseModel);
          telemetry.genaiDuration.record(nanos / NANOS_PER_S, genaiSeries.duration);
        }
      }
      long input = usage.input();
      long output = usage.output();
      long cacheRead = usage.cacheRead();
      long cacheWrite = usage.cacheWrite();
      long reasoning = usage.reasoning();
      if (input >= 0) {
        telemetry.providerTokens.add(input, series.tokens[0]);
        if (genaiRecorded) {
          telemetry.genaiTokens.record(input, genaiSeries.input);
        }
        span.setAttribute(GENAI_INPUT_TOKENS, input);
      }
      if (output >= 0) {
        telemetry.providerTokens.add(output, series.tokens[1]);
        if (genaiRecorded) {
          telemetry.genaiTokens.record(output, genaiSeries.output);
        }
        span.setAttribute(GENAI_OUTPUT_TOKENS, output);
      }
      if (cacheRead >= 0) {
        telemetry.providerTokens.add(cacheRead, series.tokens[2]);
        span.setAttribute(GENAI_CACHE_READ_TOKENS, cacheRead);
      }
      if (cacheWrite >= 0) {
        telemetry.providerTokens.add(cacheWrite, series.tokens[3]);
        span.setAttribute(GENAI_CACHE_WRITE_TOKENS, cacheWrite);
      }
      if (reasoning >= 0) {
        telemetry.providerTokens.add(reasoning, series.tokens[4]);
        span.setAttribute(GENAI_REASONING_TOKENS, reasoning);
      }
      if (prices != null && (input >= 0 || output >= 0)) {
        cost(span, series, input, output, cacheRead, cacheWrite, reasoning);
      }
      span.end();
    }

    /**
     * Prices each kind at its own rate: the input tokens that were neither cache reads nor writes
     * at the input rate, cache reads and writes at theirs, the output that was not reasoning at
     * the output rate, reasoning at its own. A kind with tokens and no price is unpriced.
     */
    private void cost(Span span, TenantSeries series, long input, long output, long cacheRead,
        long cacheWrite, long reasoning) {
      long plainInput = input < 0 ? 0
          : Math.max(0, input - Math.max(0, cacheRead) - Math.max(0, cacheWrite));
      long plainOutput = output < 0 ? 0 : Math.max(0, output - Math.max(0, reasoning));
      double cost = 0;
      cost += price(Pricing.INPUT, plainInput);
      cost += price(Pricing.OUTPUT, plainOutput);
      cost += price(Pricing.CACHE_READ, cacheRead);
      cost += price(Pricing.CACHE_WRITE, cacheWrite);
      cost += price(Pricing.REASONING, reasoning);
      if (!priced) {
        return; // counted as unpriced only: a cost of 0 would be a guess
      }
      telemetry.providerCost.add(cost, series.cost);
      span.setAttribute(COST, cost);
      span.setAttribute(COST_CURRENCY, telemetry.config.pricing().currency());
    }

    private double price(int kind, long tokens) {
      if (tokens <= 0) {
        return 0;
      }
      double rate = prices[kind];
      if (Double.isNaN(rate)) {
        telemetry.providerUnpriced.add(tokens, unpriced[kind]);
        // Once per recorder cheaply, then once per model for the JVM's copy of core (a model at
        // two servers has two recorders).
        if (unpricedLogged.compareAndSet(false, true)
            && telemetry.unpricedModels.add(provider + SEPARATOR + model)) {
          if (Labels.OVERFLOW.equals(model)) {
            logger.warning("victor-otel: calls of provider/model pairs beyond the cardinality"
                + " cap are recorded as _other and cannot be priced: their tokens are counted in"
                + " victor_provider_unpriced_tokens_total{model=\"_other\"}. Logged once.");
          } else {
            logger.warning("victor-otel: " + provider + " model '" + model + "' reported "
                + TOKEN_TYPES[kind] + " tokens but has no price for them: set "
                + Pricing.PREFIX + provider + "." + model + "." + Pricing.KINDS.get(kind)
                + " (per million tokens, in " + telemetry.config.pricing().currency()
                + "). Until then they are counted in victor_provider_unpriced_tokens_total, never"
                + " priced at another rate. Logged once per model.");
          }
        }
        return 0;
      }
      return tokens * rate / 1_000_000.0;
    }

    private TenantSeries tenantSeries(String tenant) {
      if (tenants == null) {
        return untenanted;
      }
      String bounded = telemetry.tenants().bound(tenant == null ? Labels.UNKNOWN : tenant);
      TenantSeries series = tenants.get(bounded);
      if (series != null) {
        return series;
      }
      String admitted = telemetry.tenantSeries().bound(key + SEPARATOR + bounded)
          .equals(Labels.OVERFLOW) ? Labels.OVERFLOW : bounded;
      series = tenants.get(admitted);
      if (series == null) {
        if (admitted == Labels.OVERFLOW) {
          // The overflow tenant's series are paid whatever is left, as every label's _other is.
          telemetry.state().budget().take(TENANT_SERIES);
        }
        TenantSeries created = new TenantSeries(this, admitted);
        series = tenants.putIfAbsent(admitted, created);
        series = series == null ? created : series;
      }
      if (admitted != bounded) {
        tenants.putIfAbsent(bounded, series);
      }
      return series;
    }

    private GenAiSeries genaiSeries(String responseModel) {
      if (responseModel == null) {
        return noResponseModel;
      }
      GenAiSeries last = lastResponseModel;
      if (last != null && (last.responseModel == responseModel
          || last.responseModel.equals(responseModel))) {
        return last;
      }
      GenAiSeries series = responseModels.get(responseModel);
      if (series == null) {
        String bounded = telemetry.responseModels().bound(key + SEPARATOR + responseModel);
        String name = bounded.equals(Labels.OVERFLOW) ? Labels.OVERFLOW : responseModel;
        series = responseModels.get(name);
        if (series == null) {
          GenAiSeries created = new GenAiSeries(name,
              genai.toBuilder().put(GENAI_RESPONSE_MODEL, name).build());
          series = responseModels.putIfAbsent(name, created);
          series = series == null ? created : series;
        }
        if (!name.equals(responseModel)) {
          responseModels.putIfAbsent(responseModel, series);
        }
      }
      lastResponseModel = series;
      return series;
    }

    /** The GenAI duration and token-usage attributes of one response model. */
    private static final class GenAiSeries {
      final String responseModel;
      final Attributes duration;
      final Attributes input;
      final Attributes output;

      GenAiSeries(String responseModel, Attributes base) {
        this.responseModel = responseModel;
        this.duration = base;
        this.input = base.toBuilder().put(GENAI_TOKEN_TYPE, "input").build();
        this.output = base.toBuilder().put(GENAI_TOKEN_TYPE, "output").build();
      }
    }

    /** The token, cost and error attributes of one tenant (or of none, tenants off). */
    private static final class TenantSeries {
      final String tenant;
      final Attributes[] tokens = new Attributes[TOKEN_TYPES.length];
      final Attributes[] errors = new Attributes[ERROR_TYPES.length];
      final Attributes cost;

      TenantSeries(ProviderRecorder recorder, String tenant) {
        this.tenant = tenant;
        AttributesBuilder base = Attributes.builder().put(PROVIDER, recorder.provider)
            .put(MODEL, recorder.model);
        if (tenant != null) {
          base.put(TENANT, tenant);
        }
        Attributes pair = base.build();
        for (int i = 0; i < TOKEN_TYPES.length; i++) {
          tokens[i] = pair.toBuilder().put(TOKEN_TYPE, TOKEN_TYPES[i]).build();
        }
        for (int i = 0; i < ERROR_TYPES.length; i++) {
          errors[i] = pair.toBuilder().put(ERROR_TYPE, ERROR_TYPES[i]).build();
          // Error series exist from the first call, so error rates read 0 rather than "no data".
          recorder.telemetry.providerErrors.add(0, errors[i]);
        }
        cost = pair.toBuilder().put(CURRENCY, recorder.telemetry.config.pricing().currency())
            .build();
      }
    }
  }

  /**
   * A recorder's span attributes, kept as parallel arrays so that a span start sets them one by
   * one: {@code SpanBuilder.setAllAttributes} walks an {@code Attributes} with a lambda that
   * captures the builder, 16 B per span (issue 17, docs/performance.md).
   */
  static final class SpanAttributes {
    private final AttributeKey<?>[] keys;
    private final Object[] values;

    SpanAttributes(Attributes attributes) {
      keys = new AttributeKey<?>[attributes.size()];
      values = new Object[attributes.size()];
      int[] next = {0};
      attributes.forEach((key, value) -> {
        keys[next[0]] = key;
        values[next[0]++] = value;
      });
    }

    @SuppressWarnings("unchecked")
    SpanBuilder setOn(SpanBuilder builder) {
      for (int i = 0; i < keys.length; i++) {
        builder.setAttribute((AttributeKey<Object>) keys[i], values[i]);
      }
      return builder;
    }
  }

  static int errorIndex(String errorType) {
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
