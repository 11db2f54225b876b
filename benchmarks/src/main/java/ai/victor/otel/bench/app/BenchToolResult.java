package ai.victor.otel.bench.app;

/** A tool's output; {@code isError} marks a failure reported as a result, not thrown. */
public final class BenchToolResult {
  private final String output;
  private final boolean error;

  public BenchToolResult(String output, boolean error) {
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
