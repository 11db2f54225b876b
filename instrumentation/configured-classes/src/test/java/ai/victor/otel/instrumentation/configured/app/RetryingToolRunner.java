package ai.victor.otel.instrumentation.configured.app;

/** Overrides {@code execute} and calls {@code super.execute}: one execution, one span. */
public class RetryingToolRunner extends ToolRunner {
  private int attempts;

  @Override
  public ToolResult execute(String tool, String args) throws Exception {
    attempts++;
    return super.execute(tool, args);
  }

  public int attempts() {
    return attempts;
  }
}
