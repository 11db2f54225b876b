package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * What both sides share in one class loader: the telemetry, the MCP instruments, the tracer and
 * the configured propagator, and the span attributes of the semantic conventions.
 */
final class Mcp {
  static final AttributeKey<String> METHOD = McpMetrics.METHOD;
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
  static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");
  static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("mcp.protocol.version");
  static final AttributeKey<String> RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
  static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
  static final AttributeKey<String> NETWORK_TRANSPORT =
      AttributeKey.stringKey("network.transport");
  static final AttributeKey<String> RPC_STATUS =
      AttributeKey.stringKey("rpc.response.status_code");
  static final String EXECUTE_TOOL = "execute_tool";
  static final String PIPE = "pipe";
  static final String TCP = "tcp";

  private static volatile Mcp global;

  final Telemetry telemetry;
  final McpMetrics metrics;
  final Tracer tracer;
  final TextMapPropagator propagator;
  /** The span name and tool recorder of each tool name, for both sides. */
  final ToolTargets tools = new ToolTargets();

  private Mcp(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.metrics = new McpMetrics(telemetry);
    this.tracer = GlobalOpenTelemetry.get().getTracer(Telemetry.SCOPE, Telemetry.VERSION);
    this.propagator = GlobalOpenTelemetry.getPropagators().getTextMapPropagator();
  }

  static Mcp get() {
    Mcp mcp = global;
    if (mcp == null) {
      synchronized (Mcp.class) {
        mcp = global;
        if (mcp == null) {
          mcp = new Mcp(Telemetry.get());
          global = mcp;
        }
      }
    }
    return mcp;
  }

  /** Marks a span failed with an error class of {@link McpMetrics#ERRORS}. */
  static void failed(Span span, int error, String message, Throwable thrown) {
    span.setStatus(StatusCode.ERROR, message == null ? "" : message);
    span.setAttribute(Recorders.ERROR_TYPE_SEMCONV, McpMetrics.ERRORS[error]);
    if (thrown != null) {
      span.recordException(thrown);
    }
  }

  /** The tool series' status of an error class. */
  static String toolStatus(int error) {
    return error == McpMetrics.SUCCESS ? Recorders.STATUS_SUCCESS
        : error == McpMetrics.TIMEOUT ? Recorders.STATUS_TIMEOUT : Recorders.STATUS_ERROR;
  }

  /** Text for a span attribute under content capture, cut to the configured length; or null. */
  String content(Object value) {
    if (value == null || !telemetry.config().captureContent()) {
      return null;
    }
    String text = value.toString();
    int max = telemetry.config().contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }
}
