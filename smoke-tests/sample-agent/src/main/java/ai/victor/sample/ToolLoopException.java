package ai.victor.sample;

/** The model called one tool with the same arguments again and again: the chat was stopped. */
public final class ToolLoopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolLoopException(String requestId, String tool, int calls) {
    super(requestId + ": the model called " + tool + " " + calls
        + " times in a row with the same arguments");
  }
}
