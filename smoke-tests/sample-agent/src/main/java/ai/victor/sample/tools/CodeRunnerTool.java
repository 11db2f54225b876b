package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.util.Random;

/**
 * Simulates running code in a sandbox: 30–150 ms. Raising {@code sample.tool.code_runner.latency-ms}
 * past the executor's timeout makes it time out.
 */
public final class CodeRunnerTool extends SimulatedTool {

  public CodeRunnerTool(FaultKnobs knobs, Random random) {
    super("code_runner", knobs, random, 30, 120, 0);
  }

  @Override
  protected String run(String arguments) {
    return "exit 0, stdout: " + fingerprint(arguments);
  }
}
