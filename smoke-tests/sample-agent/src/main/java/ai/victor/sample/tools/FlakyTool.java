package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.util.Random;

/**
 * A tool whose failures are soft: with probability {@code sample.tool.flaky.failure-rate} (default
 * 0.1) it returns an error output instead of throwing, so that soft failures occur without faults
 * being injected.
 */
public final class FlakyTool extends SimulatedTool {

  public FlakyTool(FaultKnobs knobs, Random random) {
    super("flaky", knobs, random, 1, 5, 0.1);
  }

  @Override
  protected String run(String arguments) {
    return "ok";
  }

  @Override
  protected String fail(String arguments) {
    return SOFT_ERROR_PREFIX + "upstream returned an incomplete result";
  }
}
