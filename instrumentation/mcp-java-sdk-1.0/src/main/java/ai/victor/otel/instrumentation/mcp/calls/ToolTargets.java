package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per tool name, what every {@code tools/call} of it reuses on either side: its span name {@code
 * tools/call {name}} and its tool recorder, built at its first call instead of per call. Capped:
 * a client calls and a server serves a handful of tools, and a name past the cap costs only its
 * string building and recorder lookup again.
 */
final class ToolTargets {
  /** Tool names remembered. */
  static final int MAX = 256;

  private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();

  Target of(String tool) {
    Target cached = targets.get(tool);
    if (cached != null) {
      return cached;
    }
    Target created = new Target(tool);
    if (targets.size() < MAX) {
      Target raced = targets.putIfAbsent(tool, created);
      return raced == null ? created : raced;
    }
    return created;
  }

  /** One tool name's span name and recorder. */
  static final class Target {
    final String spanName;
    private final String tool;
    /** Looked up at the first call that counts (a client's under a tool layer never does). */
    private volatile ToolRecorder recorder;

    Target(String tool) {
      this.tool = tool;
      this.spanName = "tools/call " + tool;
    }

    ToolRecorder recorder(Mcp mcp) {
      ToolRecorder found = recorder;
      if (found == null) {
        found = mcp.telemetry.toolRecorder(tool);
        recorder = found;
      }
      return found;
    }
  }
}
