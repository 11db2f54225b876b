package ai.victor.otel.bench.app;

/** A tool as an agent framework holds it: a name and a body. */
public final class BenchTool {
  private final String name;
  private final BenchToolResult result;

  public BenchTool(String name) {
    this.name = name;
    this.result = new BenchToolResult("ok", false);
  }

  public String name() {
    return name;
  }

  BenchToolResult invoke(String arguments) {
    return result;
  }
}
