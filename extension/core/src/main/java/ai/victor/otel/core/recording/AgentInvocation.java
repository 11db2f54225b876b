package ai.victor.otel.core.recording;

import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.core.recording.Recorders.AgentRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One agent invocation in progress (an {@code invoke_agent} span): it counts the model calls and
 * tool calls made beneath it, and the tool calls that repeat the previous one exactly (same tool,
 * same arguments hash), which is what a model stuck in a tool loop does.
 *
 * <p>The invocation travels in the OpenTelemetry {@link Context} of its span ({@link #context()}),
 * so a provider or tool call finds it however it got there: on the same thread, on an executor the
 * agent propagates context to, or in a streaming callback whose context a module restored. Calls
 * count toward the innermost invocation only, so a sub-agent invoked inside another (LangChain4j
 * agentic sub-agents, an agent called as a tool) has its own counts and its own span, nested in
 * the outer one; {@link #outer()} reaches the outer invocation.
 *
 * <p>Provider recorders ({@link Recorders.ProviderRecorder#start}) and tool recorders ({@link
 * Recorders.ToolRecorder#start(Context, String, CharSequence)}) count themselves: an agent path
 * only starts and ends the invocation. Thread-safe without locks.
 */
public final class AgentInvocation {
  private static final ContextKey<AgentInvocation> KEY =
      ContextKey.named("victor-otel-agent-invocation");
  private static final AtomicIntegerFieldUpdater<AgentInvocation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(AgentInvocation.class, "ended");
  private static final AtomicIntegerFieldUpdater<AgentInvocation> MODEL_CALLS =
      AtomicIntegerFieldUpdater.newUpdater(AgentInvocation.class, "modelCalls");
  private static final AtomicIntegerFieldUpdater<AgentInvocation> TOOL_CALLS =
      AtomicIntegerFieldUpdater.newUpdater(AgentInvocation.class, "toolCalls");
  private static final AtomicLongFieldUpdater<AgentInvocation> LAST_TOOL_CALL =
      AtomicLongFieldUpdater.newUpdater(AgentInvocation.class, "lastToolCall");
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** No tool call yet: a hash value no call produces (the hash of a call is made odd). */
  private static final long NO_TOOL_CALL = 0;

  final AgentRecorder recorder;
  private final AgentInvocation outer;
  private final Context parent;
  private final Context context;
  private final Span span;
  final long startNanos;
  private volatile String conversationId;
  private volatile int ended;
  volatile int modelCalls;
  volatile int toolCalls;
  private volatile long lastToolCall = NO_TOOL_CALL;

  AgentInvocation(AgentRecorder recorder, Context parent, Span span) {
    this.recorder = recorder;
    this.outer = parent.get(KEY);
    this.parent = parent;
    this.span = span;
    this.context = parent.with(span).with(KEY, this);
    this.startNanos = System.nanoTime();
  }

  /** The innermost invocation in progress in {@code context}, or null. */
  public static AgentInvocation current(Context context) {
    return context.get(KEY);
  }

  /** The invocation this one runs inside of (a sub-agent's caller), or null. */
  public AgentInvocation outer() {
    return outer;
  }

  public Span span() {
    return span;
  }

  /** The context with the invocation's span and the invocation: current while it runs. */
  public Context context() {
    return context;
  }

  public Context parentContext() {
    return parent;
  }

  /**
   * The conversation this invocation belongs to ({@code gen_ai.conversation.id}): on its span and
   * on the chat spans of the model calls beneath it; never on a metric.
   */
  public void conversationId(Object id) {
    if (id != null) {
      String value = id.toString();
      conversationId = value;
      span.setAttribute(ProviderCall.CONVERSATION_ID, value);
    }
  }

  /** The conversation id, inherited from the outer invocation when this one has none. */
  public String conversationId() {
    String id = conversationId;
    return id != null || outer == null ? id : outer.conversationId();
  }

  public int modelCalls() {
    return modelCalls;
  }

  public int toolCalls() {
    return toolCalls;
  }

  /**
   * Counts a model request that no provider call of its own records: a framework that runs its
   * tool loop inside one provider call (Spring AI 1.x) makes several requests in one call.
   * Provider calls count themselves.
   */
  public void modelCall() {
    MODEL_CALLS.incrementAndGet(this);
  }

  /**
   * Counts a tool call; true when it is the same tool with the same arguments as the previous
   * tool call of this invocation. Only a 64-bit hash of the name and arguments is kept.
   */
  boolean toolCall(String tool, CharSequence arguments) {
    TOOL_CALLS.incrementAndGet(this);
    long call = hash(tool, arguments);
    return LAST_TOOL_CALL.getAndSet(this, call) == call;
  }

  /** FNV-1a over the tool name, a separator and the arguments; odd, so never NO_TOOL_CALL. */
  static long hash(String tool, CharSequence arguments) {
    long hash = FNV_OFFSET;
    if (tool != null) {
      for (int i = 0; i < tool.length(); i++) {
        hash = (hash ^ tool.charAt(i)) * FNV_PRIME;
      }
    }
    hash = (hash ^ 0xFFFF) * FNV_PRIME;
    if (arguments != null) {
      for (int i = 0; i < arguments.length(); i++) {
        hash = (hash ^ arguments.charAt(i)) * FNV_PRIME;
      }
    }
    return hash | 1;
  }

  /**
   * Ends the invocation: its span, duration and the per-invocation counts. A failure is classified
   * as the provider errors are (timeout, rate_limited, server, client, other). Only the first end
   * counts; returns whether this was it.
   */
  public boolean end(Throwable error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    recorder.end(this, System.nanoTime() - startNanos,
        error == null ? null : ErrorClassifier.classify(error), error);
    return true;
  }

  /** Ends an invocation its consumer cancelled: only the span records it. */
  public boolean cancel() {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    Recorders.cancelled(span);
    return true;
  }

  public boolean isEnded() {
    return ended != 0;
  }
}
