package ai.victor.otel.instrumentation.configured.app;

/** Calls its own {@code execute} recursively {@code depth} times before answering: one execution. */
public class RecursiveToolRunner extends ToolRunner {
  private final int depth;
  private int calls;

  public RecursiveToolRunner(int depth) {
    this.depth = depth;
  }

  @Override
  public ToolResult execute(String tool, String args) throws Exception {
    calls++;
    return calls <= depth ? execute(tool, args) : super.execute(tool, args);
  }

  public int calls() {
    return calls;
  }
}
