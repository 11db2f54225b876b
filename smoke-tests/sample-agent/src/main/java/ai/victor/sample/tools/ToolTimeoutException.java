package ai.victor.sample.tools;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A tool did not finish within the executor's timeout and was cancelled. */
public class ToolTimeoutException extends ToolExecutionException {

  private static final long serialVersionUID = 1L;

  public ToolTimeoutException(String toolName, Duration timeout, TimeoutException cause) {
    super(toolName, "timed out after " + timeout.toMillis() + " ms", cause);
  }
}
