package ai.victor.otel.bench.app;

/**
 * Runs tools on the caller's thread, like the sample agent's executor but without its pool hop:
 * the target names the tool from the argument ({@code arg0.name()}), as frameworks that route
 * every tool through one executor need.
 */
public final class BenchToolRunner {
  public BenchToolResult execute(BenchTool tool, String arguments) {
    return tool.invoke(arguments);
  }
}
