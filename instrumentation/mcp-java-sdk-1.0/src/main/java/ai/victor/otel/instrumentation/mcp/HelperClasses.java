package ai.victor.otel.instrumentation.mcp;

import ai.victor.otel.core.CoreClasses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class the advice reaches, to be injected into the application's class loader: all of core
 * ({@link CoreClasses}) and this module's {@code calls} package. There is no muzzle in a Maven
 * build to compute this, so HelperClassesTest checks the list against the compiled classes.
 * Superclasses come before their subclasses.
 */
final class HelperClasses {
  static final String CALLS = "ai.victor.otel.instrumentation.mcp.calls.";

  static final List<String> NAMES = concat(CoreClasses.NAMES, Arrays.asList(
      CALLS + "McpMetrics",
      CALLS + "McpErrors",
      CALLS + "Meta$1",
      CALLS + "Meta$2",
      CALLS + "Meta$Rebuild",
      CALLS + "Meta$Fresh",
      CALLS + "Meta",
      CALLS + "ToolTargets$Target",
      CALLS + "ToolTargets",
      CALLS + "Mcp",
      CALLS + "Observation",
      CALLS + "ClientCalls$ClientSession",
      CALLS + "ClientCalls$Request",
      CALLS + "ClientCalls$ClientCall",
      CALLS + "ClientCalls",
      CALLS + "ServerCalls$ServerSession",
      CALLS + "ServerCalls$Handling",
      CALLS + "ServerCalls$ServerCall",
      CALLS + "ServerCalls",
      CALLS + "McpGuard"));

  private static List<String> concat(List<String> core, List<String> own) {
    List<String> all = new ArrayList<>(core);
    all.addAll(own);
    return Collections.unmodifiableList(all);
  }

  private HelperClasses() {}
}
