package ai.victor.sample.tools;

/** A tool failed hard: it threw, could not be scheduled, or (see the subclass) timed out. */
public class ToolExecutionException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String toolName;

  public ToolExecutionException(String toolName, String message, Throwable cause) {
    super(toolName + ": " + message, cause);
    this.toolName = toolName;
  }

  /** Returns the name of the tool that failed. */
  public String toolName() {
    return toolName;
  }
}
