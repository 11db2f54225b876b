package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.io.IOException;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The common behaviour of the sample's tools: a delay standing in for real work, then either a
 * failure or the tool's own output.
 *
 * <p>Two {@link FaultKnobs knobs}, read on every call, tune each tool under {@code
 * sample.tool.<name>.}: {@code latency-ms}, the minimum delay (the actual delay is uniform between
 * it and it plus a per-tool spread), and {@code failure-rate}, the probability of {@link
 * #fail(String) failing}. The delay is interruptible, so that a timed-out tool stops.
 */
public abstract class SimulatedTool implements Tool {

  private final String name;
  private final FaultKnobs knobs;
  private final Random random;
  private final String latencyKnob;
  private final String failureRateKnob;
  private final double latencySpreadMs;

  /**
   * Creates a tool and declares its knobs.
   *
   * @param latencyMs the default minimum delay
   * @param latencySpreadMs how much longer than the minimum the delay may be
   * @param failureRate the default failure probability
   */
  protected SimulatedTool(
      String name,
      FaultKnobs knobs,
      Random random,
      double latencyMs,
      double latencySpreadMs,
      double failureRate) {
    this.name = name;
    this.knobs = knobs;
    this.random = random;
    this.latencySpreadMs = latencySpreadMs;
    String prefix = FaultKnobs.TOOL_PREFIX + name + ".";
    latencyKnob = prefix + "latency-ms";
    failureRateKnob = prefix + "failure-rate";
    knobs.declare(latencyKnob, latencyMs);
    knobs.declare(failureRateKnob, failureRate);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String invoke(String arguments) throws Exception {
    double delayMs = knobs.value(latencyKnob) + random.nextDouble() * latencySpreadMs;
    TimeUnit.NANOSECONDS.sleep((long) (delayMs * 1_000_000));
    return random.nextDouble() < knobs.value(failureRateKnob) ? fail(arguments) : run(arguments);
  }

  /** Returns the tool's output for a call that does not fail. */
  protected abstract String run(String arguments) throws Exception;

  /**
   * Fails a call. By default a hard failure, as if the tool's backend were unreachable; a tool
   * whose failures are soft overrides this to return an error output instead.
   */
  protected String fail(String arguments) throws Exception {
    throw new IOException(name + " backend unavailable");
  }

  /** Returns a stable number for the text, so that outputs are repeatable. */
  static int fingerprint(String text) {
    return Math.abs(text.strip().toLowerCase(Locale.ROOT).hashCode() % 1000);
  }
}
