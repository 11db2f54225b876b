package ai.victor.otel.instrumentation.configured.app;

/**
 * Target {@code partial-tool} lists {@code run} and a method this class does not have; {@code run}
 * must still be instrumented. Loaded only by MisconfigurationTest, which watches for the warning.
 */
public class PartialTool {
  public String run(String input) {
    return "ran " + input;
  }
}
