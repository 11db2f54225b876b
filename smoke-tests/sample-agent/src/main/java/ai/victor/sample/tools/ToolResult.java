package ai.victor.sample.tools;

import java.util.Objects;

/**
 * What a tool returned.
 *
 * @param output the tool's output, including the error text of a soft failure
 * @param isError whether the tool ran but reported a failure (see {@link Tool#SOFT_ERROR_PREFIX})
 */
public record ToolResult(String output, boolean isError) {

  public ToolResult {
    Objects.requireNonNull(output, "output");
  }
}
