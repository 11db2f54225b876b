package ai.victor.sample;

import ai.victor.sample.provider.Completion;
import ai.victor.sample.tools.ToolSelection;
import java.util.List;

/**
 * The outcome of one chat handled by {@link AgentService}.
 *
 * @param requestId the id the request was sent to the providers with
 * @param selection the tools offered to the model, and which cache supplied them
 * @param completion the model's answer
 * @param toolOutcomes what each tool the model called returned, in call order
 */
public record ChatResult(
    String requestId,
    ToolSelection selection,
    Completion completion,
    List<ToolOutcome> toolOutcomes) {

  public ChatResult {
    toolOutcomes = List.copyOf(toolOutcomes);
  }

  /** How one tool call ended. */
  public enum Status {
    /** The tool returned a normal output. */
    OK,
    /** The tool ran but returned an error output (a soft failure). */
    SOFT_ERROR,
    /** The tool threw, or no such tool exists. */
    FAILED,
    /** The tool did not finish in time and was cancelled. */
    TIMEOUT
  }

  /**
   * One tool call.
   *
   * @param tool the tool's name
   * @param status how the call ended
   * @param output the tool's output, or the error message if it failed
   */
  public record ToolOutcome(String tool, Status status, String output) {}
}
