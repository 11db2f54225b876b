package ai.victor.sample.faults;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime-tunable fault and latency settings of the simulation, such as
 * {@code sample.provider.openai.error-rate} or {@code sample.tool.timeout-ms}.
 *
 * <p>Each knob is <em>declared</em> by the component that reads it, together with its default, so
 * the set of knobs is exactly what the running code understands: a typo in an override is rejected
 * instead of being silently ignored, and {@link #snapshot()} shows every effective value, not only
 * the overridden ones. Components read a knob on every use (via {@link #value}) rather than caching
 * it, so that a change made through {@code /admin/faults} takes effect on the next request.
 *
 * <p>Only names under {@link #PROVIDER_PREFIX} and {@link #TOOL_PREFIX} are runtime knobs; the
 * start-only settings ({@code sample.cache.size}, {@code sample.seed}) are read once at startup.
 *
 * <p>This class is thread-safe.
 */
public final class FaultKnobs {

  /** The prefix of the per-provider knobs, {@code sample.provider.<name>.<knob>}. */
  public static final String PROVIDER_PREFIX = "sample.provider.";

  /** The prefix of the per-tool knobs and of {@code sample.tool.timeout-ms}. */
  public static final String TOOL_PREFIX = "sample.tool.";

  private final Map<String, Double> defaults = new ConcurrentHashMap<>();
  private final Map<String, Double> overrides = new ConcurrentHashMap<>();

  /**
   * Creates knobs with initial overrides, typically taken from system properties.
   *
   * @param initial knob names to values; entries that are not runtime knobs are ignored
   * @throws IllegalArgumentException if a runtime knob's value is not a valid number
   */
  public FaultKnobs(Map<String, String> initial) {
    initial.forEach((name, value) -> {
      if (isRuntimeKnob(name)) {
        overrides.put(name, parse(name, value));
      }
    });
  }

  /** Returns knobs whose initial overrides are the {@code sample.provider.*} and {@code sample.tool.*} system properties. */
  public static FaultKnobs fromSystemProperties() {
    Properties properties = System.getProperties();
    Map<String, String> initial = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      initial.put(name, properties.getProperty(name));
    }
    return new FaultKnobs(initial);
  }

  /**
   * Declares a knob and returns its current value.
   *
   * @throws IllegalArgumentException if the name is not under a runtime prefix, or if the knob was
   *     already declared with a different default (two readers would disagree about its meaning)
   */
  public double declare(String name, double defaultValue) {
    if (!isRuntimeKnob(name)) {
      throw new IllegalArgumentException("not a runtime knob: " + name);
    }
    validate(name, defaultValue);
    Double previous = defaults.putIfAbsent(name, defaultValue);
    if (previous != null && previous != defaultValue) {
      throw new IllegalArgumentException(
          "knob " + name + " declared with defaults " + previous + " and " + defaultValue);
    }
    return value(name);
  }

  /**
   * Returns the current value of a declared knob: the override if one was set, else its default.
   *
   * @throws IllegalArgumentException if the knob was never declared
   */
  public double value(String name) {
    Double defaultValue = defaults.get(name);
    if (defaultValue == null) {
      throw new IllegalArgumentException("undeclared knob: " + name);
    }
    return overrides.getOrDefault(name, defaultValue);
  }

  /**
   * Overrides declared knobs from now on. Either all values are applied or, if any is invalid,
   * none is, so that a bad request cannot leave a half-applied fault scenario behind.
   *
   * @param values knob names to values
   * @throws IllegalArgumentException if a knob is unknown, or a value is out of range (a {@code
   *     -rate} must be within [0, 1], a {@code -ms} must not be negative)
   */
  public void set(Map<String, String> values) {
    Map<String, Double> parsed = new TreeMap<>();
    values.forEach((name, value) -> {
      if (!defaults.containsKey(name)) {
        throw new IllegalArgumentException("unknown or start-only knob: " + name);
      }
      parsed.put(name, parse(name, value));
    });
    overrides.putAll(parsed);
  }

  /** Returns the effective value of every declared knob, sorted by name. */
  public Map<String, Double> snapshot() {
    Map<String, Double> snapshot = new TreeMap<>();
    defaults.keySet().forEach(name -> snapshot.put(name, value(name)));
    return snapshot;
  }

  private static boolean isRuntimeKnob(String name) {
    return name.startsWith(PROVIDER_PREFIX) || name.startsWith(TOOL_PREFIX);
  }

  private static double parse(String name, String value) {
    double parsed;
    try {
      parsed = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("knob " + name + " is not a number: " + value, e);
    }
    validate(name, parsed);
    return parsed;
  }

  private static void validate(String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("knob " + name + " must be finite: " + value);
    }
    if (name.endsWith("-rate") && (value < 0 || value > 1)) {
      throw new IllegalArgumentException("knob " + name + " must be within [0, 1]: " + value);
    }
    if (name.endsWith("-ms") && value < 0) {
      throw new IllegalArgumentException("knob " + name + " must not be negative: " + value);
    }
  }
}
