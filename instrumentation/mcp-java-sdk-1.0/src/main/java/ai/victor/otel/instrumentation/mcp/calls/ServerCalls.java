package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The server side: every request a server session handles is a SERVER span {@code
 * {mcp.method.name} {target}} whose parent is the client's span, taken from {@code params._meta}
 * (the context the transport runs in, an HTTP server span say, is linked), a point of {@code
 * mcp.server.operation.duration}, and for {@code tools/call} an execution of the server's tool in
 * the tool series, an error when the handler failed or answered {@code isError}.
 */
public final class ServerCalls {
  private static volatile ServerCalls global;
  /** The handling in progress, for the answer built inside it ({@link #answered}). */
  private static final ContextKey<ServerCall> HANDLING = ContextKey.named("victor-mcp-server");

  final Mcp mcp;
  private final WeakIdentityMap<ServerSession> sessions = new WeakIdentityMap<>();

  private ServerCalls(Mcp mcp) {
    this.mcp = mcp;
  }

  static ServerCalls instance() {
    ServerCalls calls = global;
    if (calls == null) {
      synchronized (ServerCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ServerCalls(Mcp.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  void opened(Object session, Object transport, String id) {
    try {
      // A stdio session's id is the server's own, never on the wire: only streamable HTTP's
      // Mcp-Session-Id is the session id both sides know.
      String kind = transport != null && transport.getClass().getName().contains("Stdio")
          ? Mcp.PIPE : Mcp.TCP;
      sessions.computeIfAbsent(session, s -> new ServerSession(kind, id));
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  /** A streamable HTTP session started: the version the client asked for is its version. */
  void started(Object init, Object request) {
    try {
      if (init instanceof McpStreamableServerSession.McpStreamableServerSessionInit
          && request instanceof McpSchema.InitializeRequest) {
        Object session = ((McpStreamableServerSession.McpStreamableServerSessionInit) init)
            .session();
        ServerSession state = sessions.computeIfAbsent(session, s -> new ServerSession(null,
            null));
        state.protocolVersion = ((McpSchema.InitializeRequest) request).protocolVersion();
      }
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  /** A request's stream of a streamable session (2.x): its requests are the session's. */
  void streamOpened(Object session, Object stream) {
    try {
      ServerSession state = sessions.get(session);
      if (state != null && stream != null) {
        sessions.putIfAbsent(stream, state);
      }
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  void closed(Object session) {
    try {
      ServerSession state = sessions.get(session);
      if (state != null && state.closed.compareAndSet(false, true)) {
        mcp.metrics.serverSession(System.nanoTime() - state.startNanos);
      }
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  @SuppressWarnings("unchecked")
  Object request(Object session, Object request, Object result) {
    try {
      if (!(result instanceof Mono) || !(request instanceof McpSchema.JSONRPCRequest)
          || result instanceof Handling) { // 2.x's responseStream(request, transport) delegates
        return result;
      }
      ServerSession state = session == null ? null : sessions.get(session);
      return new Handling((Mono<Object>) result, this, state,
          (McpSchema.JSONRPCRequest) request);
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return result;
    }
  }

  /** A server built an answer: if it answers the handling in progress, that is its outcome. */
  void answered(Object id, Object result, Object error) {
    ServerCall call = Context.current().get(HANDLING);
    if (call != null && id != null && id.equals(call.handling.request.id())) {
      call.result = result;
      call.error = error;
    }
  }

  static final class ServerSession {
    final String transport;
    final String id;
    final long startNanos = System.nanoTime();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile String protocolVersion;

    ServerSession(String transport, String id) {
      this.transport = transport;
      this.id = id;
    }
  }

  /** The Mono of one request's handling, returned instead of the session's own. */
  static final class Handling extends Mono<Object> {
    final Mono<Object> source;
    final ServerCalls calls;
    final ServerSession session;
    final McpSchema.JSONRPCRequest request;

    Handling(Mono<Object> source, ServerCalls calls, ServerSession session,
        McpSchema.JSONRPCRequest request) {
      this.source = source;
      this.calls = calls;
      this.session = session;
      this.request = request;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
      ServerCall call = calls.start(this, actual);
      if (call == null) {
        source.subscribe(actual);
        return;
      }
      try (Scope ignored = call.context.makeCurrent()) {
        source.subscribe(call);
      }
    }
  }

  private ServerCall start(Handling handling, CoreSubscriber<? super Object> actual) {
    try {
      Context ambient = Context.current();
      McpSchema.JSONRPCRequest request = handling.request;
      Object params = request.params();
      Context remote = Meta.extract(mcp.propagator, params);
      Context parent = remote != null ? remote : ambient;
      String method = request.method();
      int methodIndex = McpMetrics.method(method);
      String target = null;
      Object arguments = null;
      String resource = null;
      if (params instanceof Map) {
        Map<?, ?> map = (Map<?, ?>) params;
        if (methodIndex == McpMetrics.TOOLS_CALL || methodIndex == McpMetrics.PROMPTS_GET) {
          Object name = map.get("name");
          target = name instanceof String ? (String) name : null;
          arguments = map.get("arguments");
        } else if (methodIndex == McpMetrics.RESOURCES_READ) {
          Object uri = map.get("uri");
          resource = uri instanceof String ? (String) uri : null;
        }
      }
      ToolTargets.Target toolTarget = methodIndex == McpMetrics.TOOLS_CALL && target != null
          ? mcp.tools.of(target) : null;
      String name = toolTarget != null ? toolTarget.spanName
          : target == null ? method : method + " " + target;
      SpanBuilder builder = mcp.tracer.spanBuilder(name)
          .setParent(parent)
          .setSpanKind(SpanKind.SERVER)
          .setAttribute(Mcp.METHOD, method);
      // The transport's own context (an HTTP server span) is not the parent but is kept.
      SpanContext local = Span.fromContext(ambient).getSpanContext();
      if (remote != null && local.isValid()
          && !local.equals(Span.fromContext(remote).getSpanContext())) {
        builder.addLink(local);
      }
      if (request.id() != null) {
        builder.setAttribute(Mcp.REQUEST_ID, request.id().toString());
      }
      ServerSession session = handling.session;
      if (session != null) {
        if (session.transport != null) {
          builder.setAttribute(Mcp.NETWORK_TRANSPORT, session.transport);
        }
        if (session.id != null) {
          builder.setAttribute(Mcp.SESSION_ID, session.id);
        }
        String version = methodIndex == McpMetrics.INITIALIZE ? initializeVersion(params)
            : session.protocolVersion;
        if (version != null) {
          builder.setAttribute(Mcp.PROTOCOL_VERSION, version);
        }
      }
      ToolRecorder tool = null;
      if (toolTarget != null) {
        builder.setAttribute(Recorders.GENAI_OPERATION, Mcp.EXECUTE_TOOL);
        builder.setAttribute(Recorders.GENAI_TOOL_NAME, target);
        String text = mcp.content(arguments);
        if (text != null) {
          builder.setAttribute(Recorders.GENAI_TOOL_ARGUMENTS, text);
        }
        tool = toolTarget.recorder(mcp);
      } else if (methodIndex == McpMetrics.PROMPTS_GET && target != null) {
        builder.setAttribute(Mcp.PROMPT_NAME, target);
      } else if (resource != null) {
        builder.setAttribute(Mcp.RESOURCE_URI, resource);
      }
      Span span = builder.startSpan();
      if (tool != null) {
        tool.begin();
      }
      ServerCall call = new ServerCall(this, handling, ambient, parent, span, methodIndex, tool);
      call.subscribedBy(actual);
      return call;
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return null;
    }
  }

  private static String initializeVersion(Object params) {
    Object version = params instanceof Map ? ((Map<?, ?>) params).get("protocolVersion") : null;
    return version instanceof String ? (String) version : null;
  }

  /** One request's handling, from subscription to answer. */
  static final class ServerCall extends Observation {
    final ServerCalls calls;
    final Handling handling;
    final Span span;
    final Context context;
    private final int methodIndex;
    private final ToolRecorder tool;
    /** The answer, as built inside the handling ({@link #answered}). */
    volatile Object result;
    volatile Object error;

    ServerCall(ServerCalls calls, Handling handling, Context ambient, Context parent, Span span,
        int methodIndex, ToolRecorder tool) {
      super(ambient);
      this.calls = calls;
      this.handling = handling;
      this.span = span;
      // A tool's handling is that tool's execution: a framework's callback of the same tool
      // beneath it (Spring AI's MCP server) stands down, as does an MCP client call inside it.
      this.context = (tool != null ? Recorders.toolContext(parent, span, tool)
          : parent.with(span)).with(HANDLING, this);
      this.methodIndex = methodIndex;
      this.tool = tool;
    }

    @Override
    void succeeded(Object value, long nanos) {
      Object answerResult = result;
      Object answerError = error;
      if (value instanceof McpSchema.JSONRPCResponse) {
        McpSchema.JSONRPCResponse response = (McpSchema.JSONRPCResponse) value;
        answerResult = response.result();
        answerError = response.error();
      }
      int outcome = McpMetrics.SUCCESS;
      if (answerError instanceof McpSchema.JSONRPCResponse.JSONRPCError) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc =
            (McpSchema.JSONRPCResponse.JSONRPCError) answerError;
        outcome = McpErrors.of(rpc);
        Mcp.failed(span, outcome, rpc.message(), null);
        if (rpc.code() != null) {
          span.setAttribute(Mcp.RPC_STATUS, rpc.code().toString());
        }
      } else if (answerResult instanceof McpSchema.CallToolResult) {
        McpSchema.CallToolResult toolResult = (McpSchema.CallToolResult) answerResult;
        if (Boolean.TRUE.equals(toolResult.isError())) {
          outcome = McpMetrics.TOOL_ERROR;
          Mcp.failed(span, outcome, null, null);
        } else {
          String text = calls.mcp.content(toolResult.content());
          if (text != null) {
            span.setAttribute(Recorders.GENAI_TOOL_RESULT, text);
          }
        }
      } else if (answerResult instanceof McpSchema.InitializeResult
          && handling.session != null) {
        handling.session.protocolVersion =
            ((McpSchema.InitializeResult) answerResult).protocolVersion();
      }
      end(outcome, nanos);
    }

    @Override
    void failed(Throwable thrown, long nanos) {
      int outcome = McpErrors.classify(thrown);
      Mcp.failed(span, outcome, thrown.getMessage(), thrown);
      end(outcome, nanos);
    }

    @Override
    void cancelled() {
      if (tool != null) {
        tool.cancel(span);
      } else {
        Recorders.cancelled(span);
      }
    }

    private void end(int outcome, long nanos) {
      calls.mcp.metrics.server(methodIndex, outcome, nanos);
      if (tool != null) {
        tool.finish(nanos, Mcp.toolStatus(outcome));
      }
      span.end();
    }
  }
}
