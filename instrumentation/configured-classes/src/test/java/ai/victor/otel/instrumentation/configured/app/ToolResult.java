package ai.victor.otel.instrumentation.configured.app;

/** A tool's result; a framework may report a failure here instead of throwing. */
public final class ToolResult {
  private final String output;
  private final boolean error;

  public ToolResult(String output, boolean error) {
    this.output = output;
    this.error = error;
  }

  public String output() {
    return output;
  }

  public boolean isError() {
    return error;
  }
}
