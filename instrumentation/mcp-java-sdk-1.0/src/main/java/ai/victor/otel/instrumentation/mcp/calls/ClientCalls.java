package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The client side: every request a {@code McpClientSession} sends is a CLIENT span {@code
 * {mcp.method.name} {target}} from subscription to answer, a point of {@code
 * mcp.client.operation.duration}, for {@code tools/call} a tool execution in the tool series
 * unless a tool layer above already counts it ({@link Recorders#inToolExecution}), and for an
 * answered {@code tools/list} a tool selection (no selection cache, so a miss). The request
 * carries the span's context to the server in {@code params._meta}.
 */
public final class ClientCalls {
  private static volatile ClientCalls global;
  /** The request being sent on this thread, between our subscription and its message's birth. */
  private static final ThreadLocal<ClientCall> SENDING = new ThreadLocal<>();

  final Mcp mcp;
  /** {@code tools/list}: the tools a client may call, a selection no cache serves. */
  final Recorders.SelectionRecorder selections;
  private final WeakIdentityMap<ClientSession> sessions = new WeakIdentityMap<>();
  /** Transports whose connection failed (a server process that could not start). */
  private final WeakIdentityMap<Boolean> unreachable = new WeakIdentityMap<>();

  private ClientCalls(Mcp mcp) {
    this.mcp = mcp;
    this.selections = new Recorders.SelectionRecorder(mcp.telemetry);
  }

  static ClientCalls instance() {
    ClientCalls calls = global;
    if (calls == null) {
      synchronized (ClientCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ClientCalls(Mcp.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  void opened(Object session, Object transport) {
    try {
      String kind = transport instanceof StdioClientTransport ? Mcp.PIPE : Mcp.TCP;
      sessions.computeIfAbsent(session, s -> new ClientSession(kind, transport));
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  void closed(Object session) {
    try {
      ClientSession state = sessions.get(session);
      if (state != null && state.close()) {
        mcp.metrics.clientSession(System.nanoTime() - state.startNanos);
      }
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
    }
  }

  @SuppressWarnings("unchecked")
  Object request(Object session, String method, Object params, Object result) {
    try {
      if (!(result instanceof Mono)) {
        return result;
      }
      ClientSession state = sessions.computeIfAbsent(session, s -> new ClientSession(null, null));
      return new Request((Mono<Object>) result, this, state, method, params);
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return result;
    }
  }

  @SuppressWarnings("unchecked")
  Object connecting(Object transport, Object result) {
    try {
      if (!(result instanceof Mono)) {
        return result;
      }
      return ((Mono<Object>) result).doOnError(error -> unreachable.putIfAbsent(transport,
          Boolean.TRUE));
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return result;
    }
  }

  /** A request of this session that got no answer: was its server ever reachable? */
  int timedOut(ClientSession session) {
    return unreachable(session) ? McpMetrics.UNAVAILABLE : McpMetrics.TIMEOUT;
  }

  /** Whether this session's server could not be started (a stdio command that failed). */
  boolean unreachable(ClientSession session) {
    Object transport = session.transport == null ? null : session.transport.get();
    return transport != null && unreachable.get(transport) != null;
  }

  /** The message of a request is being built: tag the call being sent, if it is this one. */
  Object created(String method, Object id, Object params) {
    ClientCall call = SENDING.get();
    if (call == null || !call.request.method.equals(method)) {
      return params;
    }
    SENDING.set(null);
    try {
      if (id != null) {
        call.span.setAttribute(Mcp.REQUEST_ID, id.toString());
      }
      return Meta.inject(mcp.propagator, call.context, params);
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return params;
    }
  }

  /** What a session knows beyond one request: its transport, start and negotiated version. */
  static final class ClientSession {
    final String network;
    /** Weak: the transport reaches the session (its handler), which keys this state. */
    final WeakReference<Object> transport;
    final long startNanos = System.nanoTime();
    volatile String protocolVersion;
    private final AtomicBoolean closed = new AtomicBoolean();

    ClientSession(String network, Object transport) {
      this.network = network;
      this.transport = transport == null ? null : new WeakReference<>(transport);
    }

    /** True the first time only. */
    boolean close() {
      return closed.compareAndSet(false, true);
    }
  }

  /** The Mono {@code sendRequest} returns instead of its own: each subscription is a request. */
  static final class Request extends Mono<Object> {
    final Mono<Object> source;
    final ClientCalls calls;
    final ClientSession session;
    final String method;
    final int methodIndex;
    final Object params;

    Request(Mono<Object> source, ClientCalls calls, ClientSession session, String method,
        Object params) {
      this.source = source;
      this.calls = calls;
      this.session = session;
      this.method = method;
      this.methodIndex = McpMetrics.method(method);
      this.params = params;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
      ClientCall call = calls.start(this, actual);
      if (call == null) {
        source.subscribe(actual);
        return;
      }
      ClientCall outer = SENDING.get();
      SENDING.set(call);
      try (Scope ignored = call.context.makeCurrent()) {
        source.subscribe(call);
      } finally {
        SENDING.set(outer);
      }
    }
  }

  private ClientCall start(Request request, CoreSubscriber<? super Object> actual) {
    try {
      Context parent = Context.current();
      String target = null;
      String resource = null;
      Object arguments = null;
      if (request.params instanceof McpSchema.CallToolRequest) {
        McpSchema.CallToolRequest tool = (McpSchema.CallToolRequest) request.params;
        target = tool.name();
        arguments = tool.arguments();
      } else if (request.params instanceof McpSchema.GetPromptRequest) {
        target = ((McpSchema.GetPromptRequest) request.params).name();
      } else if (request.params instanceof McpSchema.ReadResourceRequest) {
        resource = ((McpSchema.ReadResourceRequest) request.params).uri();
      }
      ToolTargets.Target toolTarget = request.methodIndex == McpMetrics.TOOLS_CALL && target != null
          ? mcp.tools.of(target) : null;
      String name = toolTarget != null ? toolTarget.spanName
          : target == null ? request.method : request.method + " " + target;
      // Attributes on the builder: a started span takes a lock per attribute set.
      SpanBuilder builder = mcp.tracer.spanBuilder(name)
          .setParent(parent)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(Mcp.METHOD, request.method);
      ClientSession session = request.session;
      if (session.network != null) {
        builder.setAttribute(Mcp.NETWORK_TRANSPORT, session.network);
      }
      String version = session.protocolVersion;
      if (version != null) {
        builder.setAttribute(Mcp.PROTOCOL_VERSION, version);
      }
      if (toolTarget != null) {
        builder.setAttribute(Recorders.GENAI_OPERATION, Mcp.EXECUTE_TOOL);
        builder.setAttribute(Recorders.GENAI_TOOL_NAME, target);
        String text = mcp.content(arguments);
        if (text != null) {
          builder.setAttribute(Recorders.GENAI_TOOL_ARGUMENTS, text);
        }
      } else if (request.methodIndex == McpMetrics.PROMPTS_GET && target != null) {
        builder.setAttribute(Mcp.PROMPT_NAME, target);
      } else if (resource != null) {
        builder.setAttribute(Mcp.RESOURCE_URI, resource);
      }
      Span span = builder.startSpan();
      // One tool call, one count: inside a tool layer's execution this request is that call.
      ToolRecorder tool = toolTarget != null && !Recorders.inToolExecution(parent)
          ? toolTarget.recorder(mcp) : null;
      if (tool != null) {
        tool.begin();
      }
      ClientCall call = new ClientCall(this, request, parent, span, tool);
      call.subscribedBy(actual);
      return call;
    } catch (Throwable t) {
      McpGuard.BREAKER.failed(mcp.telemetry.failures(), McpGuard.ROLE, t);
      return null;
    }
  }

  /** One request, from subscription to answer. */
  static final class ClientCall extends Observation {
    final ClientCalls calls;
    final Request request;
    final Span span;
    final Context context;
    private final ToolRecorder tool;

    ClientCall(ClientCalls calls, Request request, Context parent, Span span, ToolRecorder tool) {
      super(parent);
      this.calls = calls;
      this.request = request;
      this.span = span;
      this.context = parent.with(span);
      this.tool = tool;
    }

    @Override
    void succeeded(Object value, long nanos) {
      int error = McpMetrics.SUCCESS;
      if (value instanceof McpSchema.CallToolResult) {
        McpSchema.CallToolResult result = (McpSchema.CallToolResult) value;
        if (Boolean.TRUE.equals(result.isError())) {
          error = McpMetrics.TOOL_ERROR;
          Mcp.failed(span, error, null, null);
        } else {
          String text = calls.mcp.content(result.content());
          if (text != null) {
            span.setAttribute(Recorders.GENAI_TOOL_RESULT, text);
          }
        }
      } else if (value instanceof McpSchema.ListToolsResult) {
        java.util.List<McpSchema.Tool> tools = ((McpSchema.ListToolsResult) value).tools();
        calls.selections.record(nanos, null, false, tools == null ? 0 : tools.size());
      } else if (value instanceof McpSchema.InitializeResult) {
        String version = ((McpSchema.InitializeResult) value).protocolVersion();
        if (version != null) {
          request.session.protocolVersion = version;
          span.setAttribute(Mcp.PROTOCOL_VERSION, version);
        }
      }
      end(error, nanos);
    }

    @Override
    void failed(Throwable thrown, long nanos) {
      int error = McpErrors.classify(thrown);
      if (error == McpMetrics.TIMEOUT) {
        error = calls.timedOut(request.session);
      }
      Mcp.failed(span, error, thrown.getMessage(), thrown);
      if (thrown instanceof io.modelcontextprotocol.spec.McpError) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc =
            ((io.modelcontextprotocol.spec.McpError) thrown).getJsonRpcError();
        if (rpc != null && rpc.code() != null) {
          span.setAttribute(Mcp.RPC_STATUS, rpc.code().toString());
        }
      }
      end(error, nanos);
    }

    @Override
    void cancelled() {
      if (calls.unreachable(request.session)) {
        // The SDK gave up on a server that never started (its initialization timeout, as long as
        // or shorter than the request's): the application sees a failure, and this is its cause.
        Mcp.failed(span, McpMetrics.UNAVAILABLE, "the MCP server could not be started", null);
        end(McpMetrics.UNAVAILABLE, System.nanoTime() - startNanos);
        return;
      }
      // The caller gave up (a take, a timeout of its own): neither a success nor an error.
      if (tool != null) {
        tool.cancel(span);
      } else {
        Recorders.cancelled(span);
      }
    }

    private void end(int error, long nanos) {
      calls.mcp.metrics.client(request.methodIndex, error, nanos);
      if (tool != null) {
        tool.finish(nanos, Mcp.toolStatus(error));
      }
      span.end();
    }
  }
}
