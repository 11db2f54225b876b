package ai.victor.sample.tools;

/**
 * A capability the model can call, such as a web search. Implementations must be thread-safe and
 * should stop promptly when interrupted, since {@link ToolExecutor} interrupts a tool that runs
 * past its timeout.
 *
 * <p>A tool reports failure in one of two ways, as agent frameworks distinguish them: by throwing,
 * when it could not run at all (a hard failure), or by returning an output that starts with {@link
 * #SOFT_ERROR_PREFIX}, when it ran but the result is an error the model should see and may recover
 * from, such as a malformed expression (a soft failure, an MCP {@code isError} result).
 */
public interface Tool {

  /** Marks an output as a soft failure; see {@link ToolResult#isError()}. */
  String SOFT_ERROR_PREFIX = "error: ";

  /** Returns the name the model calls this tool by, e.g. {@code "search"}. */
  String name();

  /**
   * Runs the tool.
   *
   * @param arguments the tool's input, free text
   * @return the output, which starts with {@link #SOFT_ERROR_PREFIX} on a soft failure
   * @throws Exception on a hard failure, or {@link InterruptedException} when cancelled
   */
  String invoke(String arguments) throws Exception;
}
