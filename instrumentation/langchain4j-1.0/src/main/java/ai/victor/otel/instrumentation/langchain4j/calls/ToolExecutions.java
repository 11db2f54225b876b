package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import ai.victor.otel.core.recording.Telemetry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Tool executions through LangChain4j's {@code ToolExecutor} ({@code execute} and, where it
 * exists, {@code executeWithContext}): an {@code execute_tool {name}} span with the call id and
 * the victor tool series. An execution is an error when it throws, and also when {@code
 * DefaultToolExecutor} catches what the {@code @Tool} method threw and returns it as the result
 * text for the model, which LangChain4j does by default.
 *
 * <p>The outermost execution of one request is recorded: {@code execute} calling {@code
 * executeWithContext} on the same executor, or a decorating executor passing the same request on,
 * is one execution.
 */
public final class ToolExecutions {
  private static final String ROLE = Role.TOOL.key();
  private static final String TOOL_TYPE = "function";
  private static volatile ToolExecutions global;

  private final Telemetry telemetry;
  private final WeakIdentityMap<ExecutorBinding> executors = new WeakIdentityMap<>();
  private final ThreadLocal<ToolCall> current = new ThreadLocal<>();

  ToolExecutions(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  public static ToolExecutions instance() {
    ToolExecutions executions = global;
    if (executions == null) {
      synchronized (ToolExecutions.class) {
        executions = global;
        if (executions == null) {
          executions = new ToolExecutions(Telemetry.get());
          global = executions;
        }
      }
    }
    return executions;
  }

  /** Enter advice: the execution to pass to {@link #exit}, or null when not recorded. */
  public Object enter(Object executor, Object request) {
    try {
      if (!(request instanceof ToolExecutionRequest)) {
        return null;
      }
      ToolCall parent = current.get();
      if (ToolCall.isReentry(parent, executor, request)) {
        return null;
      }
      ToolExecutionRequest toolRequest = (ToolExecutionRequest) request;
      ToolRecorder recorder = executors.computeIfAbsent(executor, ExecutorBinding::create)
          .recorder(toolRequest.name(), this);
      Context context = Context.current();
      // The arguments are hashed for the agent invocation's loop detection, never kept.
      Span span = recorder.start(context, TOOL_TYPE, toolRequest.arguments());
      String callId = toolRequest.id();
      if (callId != null) {
        span.setAttribute(Recorders.GENAI_TOOL_CALL_ID, callId);
      }
      String arguments = Content.of(telemetry.config(), toolRequest.arguments());
      if (arguments != null) {
        span.setAttribute(Recorders.GENAI_TOOL_ARGUMENTS, arguments);
      }
      ToolCall call = new ToolCall(parent, executor, request, recorder, span,
          context.with(span).makeCurrent(), System.nanoTime());
      current.set(call);
      return call;
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
      return null;
    }
  }

  /** Exit advice; never throws. */
  public void exit(Object started, Object result, Throwable thrown) {
    if (!(started instanceof ToolCall)) {
      return;
    }
    ToolCall call = (ToolCall) started;
    long nanos = System.nanoTime() - call.startNanos;
    try {
      current.set(call.parent);
      call.scope.close();
      // What the tool method threw is the error, whether the executor returned it as text or
      // rethrew it wrapped (newer releases can do either): the same failure reads the same.
      Throwable error = call.swallowed != null ? call.swallowed : thrown;
      String status;
      if (error == null) {
        status = Recorders.STATUS_SUCCESS;
      } else {
        status = ErrorClassifier.TIMEOUT.equals(ErrorClassifier.classify(error))
            ? Recorders.STATUS_TIMEOUT : Recorders.STATUS_ERROR;
      }
      if (thrown == null) {
        String output = Content.of(telemetry.config(), result);
        if (output != null) {
          call.span.setAttribute(Recorders.GENAI_TOOL_RESULT, output);
        }
      }
      call.recorder.end(call.span, nanos, status, error);
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
    }
  }

  /**
   * Exit advice of the reflective call inside {@code DefaultToolExecutor}: what the tool method
   * threw, which the executor is about to turn into result text.
   */
  public void toolMethodThrew(Object executor, Throwable thrown) {
    ToolCall call = current.get();
    if (call != null && call.executor == executor && thrown != null) {
      Throwable cause = thrown.getCause();
      call.swallowed = cause != null ? cause : thrown;
    }
  }

  /**
   * The recorder an executor used last. A {@code DefaultToolExecutor} runs one {@code @Tool}
   * method, so its tool name never changes and the name check is a reference comparison; an
   * executor serving several tools (MCP) is looked up by name when the name changes.
   */
  static final class ExecutorBinding {
    private volatile Last last;

    static ExecutorBinding create(Object executor) {
      return new ExecutorBinding();
    }

    ToolRecorder recorder(String name, ToolExecutions executions) {
      Last known = last;
      if (known != null && (known.name == name || (name != null && name.equals(known.name)))) {
        return known.recorder;
      }
      ToolRecorder recorder = executions.telemetry.toolRecorder(name);
      last = new Last(name, recorder);
      return recorder;
    }
  }

  private static final class Last {
    final String name;
    final ToolRecorder recorder;

    Last(String name, ToolRecorder recorder) {
      this.name = name;
      this.recorder = recorder;
    }
  }
}
