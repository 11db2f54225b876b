package ai.victor.sample.bootstrap;

import ai.victor.sample.faults.FaultKnobs;
import ai.victor.sample.faults.Pause;
import java.util.Random;

/**
 * Loads the configuration: the runtime {@link FaultKnobs} and the start-only settings {@code
 * sample.cache.size} (default 200) and {@code sample.seed} (default 42), all from system
 * properties. Takes 25 ms, as fetching from a configuration service would.
 */
public final class ConfigComponent implements Component {

  private static final double WARM_UP_MS = 25;

  private FaultKnobs knobs;
  private int cacheSize;
  private long seed;

  @Override
  public String name() {
    return "config";
  }

  @Override
  public void initialize() {
    Pause.millis(WARM_UP_MS);
    knobs = FaultKnobs.fromSystemProperties();
    cacheSize = (int) longProperty("sample.cache.size", 200);
    if (cacheSize <= 0) {
      throw new IllegalArgumentException("sample.cache.size must be positive: " + cacheSize);
    }
    seed = longProperty("sample.seed", 42);
  }

  /** Returns the runtime knobs, shared by every component. */
  public FaultKnobs knobs() {
    return knobs;
  }

  /** Returns the capacity of each tool-selection cache. */
  public int cacheSize() {
    return cacheSize;
  }

  /** Returns the seed for the load generator's choice of prompts. */
  public long seed() {
    return seed;
  }

  /**
   * Returns a random source derived from the seed and the purpose, so that each simulated part has
   * its own reproducible sequence, independent of how many numbers the others draw.
   */
  public Random random(String purpose) {
    return new Random(seed * 31 + purpose.hashCode());
  }

  /** Unlike {@link Long#getLong}, rejects a malformed value instead of silently using the default. */
  private static long longProperty(String name, long defaultValue) {
    String value = System.getProperty(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not an integer: " + value, e);
    }
  }
}
