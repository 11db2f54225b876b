package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.util.Random;

/** Simulates a web search: 5–30 ms, no failures by default. */
public final class SearchTool extends SimulatedTool {

  public SearchTool(FaultKnobs knobs, Random random) {
    super("search", knobs, random, 5, 25, 0);
  }

  @Override
  protected String run(String arguments) {
    int hits = 1 + fingerprint(arguments) % 9;
    return hits + " results, top: https://example.com/doc/" + fingerprint(arguments);
  }
}
