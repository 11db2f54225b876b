package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;

/**
 * The MCP instruments of the catalog ({@link Metric#MCP_CLIENT_DURATION} and its siblings) and
 * every attribute set they record with, built once: a method from a closed set times an outcome
 * from a closed set, at most {@code METHODS.length * (ERRORS.length + 1)} = 90 series per
 * instrument whatever the peers send.
 */
final class McpMetrics {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey(Labels.MCP_METHOD);
  static final AttributeKey<String> ERROR = AttributeKey.stringKey(Labels.ERROR_TYPE_SEMCONV);

  /** Methods with their own series; every other method records as {@code _OTHER}. */
  static final String[] METHODS = {"initialize", "tools/call", "tools/list", "resources/read",
      "resources/list", "prompts/get", "prompts/list", "ping", "_OTHER"};
  static final int INITIALIZE = 0;
  static final int TOOLS_CALL = 1;
  static final int TOOLS_LIST = 2;
  static final int RESOURCES_READ = 3;
  static final int PROMPTS_GET = 5;
  static final int OTHER_METHOD = METHODS.length - 1;

  /**
   * Error classes ({@code error.type}): a result with {@code isError}, a request that got no answer
   * in time, a peer that could not be reached or went away, the JSON-RPC error codes of the
   * specification, and {@code _OTHER}.
   */
  static final String[] ERRORS = {"tool_error", "timeout", "unavailable", "-32600", "-32601",
      "-32602", "-32603", "-32002", "_OTHER"};
  static final int TOOL_ERROR = 0;
  static final int TIMEOUT = 1;
  static final int UNAVAILABLE = 2;
  static final int OTHER_ERROR = ERRORS.length - 1;
  static final int SUCCESS = -1;

  final DoubleHistogram clientDuration;
  final DoubleHistogram serverDuration;
  final DoubleHistogram clientSession;
  final DoubleHistogram serverSession;
  /** [method][0] is success, [method][1 + error] each error class. */
  private final Attributes[][] attributes = new Attributes[METHODS.length][ERRORS.length + 1];
  private final Attributes none = Attributes.empty();

  McpMetrics(Telemetry telemetry) {
    clientDuration = histogram(telemetry, Metric.MCP_CLIENT_DURATION);
    serverDuration = histogram(telemetry, Metric.MCP_SERVER_DURATION);
    clientSession = histogram(telemetry, Metric.MCP_CLIENT_SESSION);
    serverSession = histogram(telemetry, Metric.MCP_SERVER_SESSION);
    for (int m = 0; m < METHODS.length; m++) {
      attributes[m][0] = Attributes.of(METHOD, METHODS[m]);
      for (int e = 0; e < ERRORS.length; e++) {
        attributes[m][e + 1] = Attributes.of(METHOD, METHODS[m], ERROR, ERRORS[e]);
      }
    }
  }

  /** The index of a method in {@link #METHODS}; the names are the SDK's constants. */
  static int method(String name) {
    if (name != null) {
      for (int i = 0; i < OTHER_METHOD; i++) {
        if (METHODS[i].equals(name)) {
          return i;
        }
      }
    }
    return OTHER_METHOD;
  }

  /** The index of a JSON-RPC error code's class in {@link #ERRORS}. */
  static int code(Integer code) {
    if (code != null) {
      String text = code.toString();
      for (int i = UNAVAILABLE + 1; i < OTHER_ERROR; i++) {
        if (ERRORS[i].equals(text)) {
          return i;
        }
      }
    }
    return OTHER_ERROR;
  }

  void client(int method, int error, long nanos) {
    clientDuration.record(nanos / 1e9, attributes[method][error + 1]);
  }

  void server(int method, int error, long nanos) {
    serverDuration.record(nanos / 1e9, attributes[method][error + 1]);
  }

  void clientSession(long nanos) {
    clientSession.record(nanos / 1e9, none);
  }

  void serverSession(long nanos) {
    serverSession.record(nanos / 1e9, none);
  }

  private static DoubleHistogram histogram(Telemetry telemetry, Metric metric) {
    return telemetry.meter().histogramBuilder(metric.otelName())
        .setUnit(metric.unit())
        .setDescription(metric.description())
        .setExplicitBucketBoundariesAdvice(metric.buckets())
        .build();
  }
}
