package ai.victor.otel.instrumentation.configured.app;

/**
 * Target {@code tools}: the tool name is {@code arg0}, a soft failure is {@code result.isError()}.
 * Returns the result it is given, or throws the exception it is given.
 */
public class ToolRunner {
  private ToolResult result = new ToolResult("ok", false);
  private Exception failure;

  public ToolRunner returning(ToolResult result) {
    this.result = result;
    return this;
  }

  public ToolRunner failingWith(Exception failure) {
    this.failure = failure;
    return this;
  }

  public ToolResult execute(String tool, String args) throws Exception {
    if (failure != null) {
      throw failure;
    }
    return result;
  }
}
