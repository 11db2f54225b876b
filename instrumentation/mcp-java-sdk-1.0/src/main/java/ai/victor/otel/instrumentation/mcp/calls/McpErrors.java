package ai.victor.otel.instrumentation.mcp.calls;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Sorts a failed request into the closed set of {@link McpMetrics#ERRORS}. Runs only on the error
 * path.
 */
final class McpErrors {
  private McpErrors() {}

  /** The error class of what a request failed with. */
  static int classify(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      if (t instanceof McpError) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc = ((McpError) t).getJsonRpcError();
        if (rpc != null) {
          return McpMetrics.code(rpc.code());
        }
      }
      if (t instanceof TimeoutException) {
        return McpMetrics.TIMEOUT;
      }
      String name = t.getClass().getSimpleName();
      if (name.contains("Timeout") || name.contains("TimedOut")) {
        return McpMetrics.TIMEOUT;
      }
      // Connection refused or reset, a pipe or transport closed, a session the server dropped,
      // and the session's own "terminated" when the peer went away with requests pending.
      if (t instanceof IOException || name.contains("Connect") || name.contains("Closed")
          || name.contains("Transport") || name.contains("SessionNotFound")
          || isTerminated(t)) {
        return McpMetrics.UNAVAILABLE;
      }
    }
    return McpMetrics.OTHER_ERROR;
  }

  /** The error class of a JSON-RPC error a server answered with. */
  static int of(McpSchema.JSONRPCResponse.JSONRPCError error) {
    return McpMetrics.code(error.code());
  }

  private static boolean isTerminated(Throwable t) {
    String message = t.getMessage();
    return message != null && message.contains("session with server terminated");
  }
}
