package ai.victor.sample.faults;

import java.util.concurrent.TimeUnit;

/** Simulated waiting, for the latencies of work this sample does not really do. */
public final class Pause {

  private Pause() {}

  /**
   * Sleeps for the given time, which may be fractional. If interrupted, returns early with the
   * interrupt flag set: the simulated work is abandoned, and the caller (typically a thread being
   * shut down) can still see why.
   */
  public static void millis(double millis) {
    if (millis <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep((long) (millis * 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
