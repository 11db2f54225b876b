package ai.victor.otel.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Token prices from configuration, never built in: prices change, and a wrong price is worse
 * than none. {@code victor.otel.pricing.<provider>.<model>.<kind>} is the price of one million
 * tokens of a kind ({@code input}, {@code output}, {@code cache-read}, {@code cache-write},
 * {@code reasoning}) in {@code victor.otel.pricing.currency} (default {@code USD}); {@code
 * victor.otel.pricing.file} names a properties file of the same keys with or without the {@code
 * victor.otel.pricing.} prefix, for many models (settings win over the file).
 *
 * <p>{@code <provider>.<model>} is matched as a whole against the call's provider name and
 * requested model, so provider names with dots ({@code aws.bedrock}) and model names with dots
 * ({@code gpt-4.1}) need no escaping. Each kind is priced at its own rate: cached and reasoning
 * tokens are not plain input or output, and a kind without a price is counted as unpriced, never
 * priced at another kind's rate. {@code victor.otel.pricing.daily-budget} is the service's spend
 * per day, which the burn-rate alerts compare the cost with.
 */
public final class Pricing {
  public static final String PREFIX = "victor.otel.pricing.";
  public static final String CURRENCY = PREFIX + "currency";
  public static final String FILE = PREFIX + "file";
  public static final String DAILY_BUDGET = PREFIX + "daily-budget";
  /** The kinds in the order of {@link #rates}: the token kinds of {@code TokenUsage}. */
  public static final List<String> KINDS = Collections.unmodifiableList(
      Arrays.asList("input", "output", "cache-read", "cache-write", "reasoning"));
  public static final int INPUT = 0;
  public static final int OUTPUT = 1;
  public static final int CACHE_READ = 2;
  public static final int CACHE_WRITE = 3;
  public static final int REASONING = 4;

  private final Map<String, double[]> rates;
  private final String currency;
  private final double dailyBudget;

  private Pricing(Map<String, double[]> rates, String currency, double dailyBudget) {
    this.rates = rates;
    this.currency = currency;
    this.dailyBudget = dailyBudget;
  }

  static Pricing load(ConfigSource source, ConfigProblems problems) {
    Map<String, String> settings = new TreeMap<>();
    String file = source.get(FILE);
    if (file != null) {
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(Paths.get(file))) {
        properties.load(in);
        for (String name : properties.stringPropertyNames()) {
          String key = name.startsWith(PREFIX) ? name : PREFIX + name;
          settings.put(key, properties.getProperty(name).trim());
        }
      } catch (IOException | RuntimeException e) {
        problems.add(FILE, file, "a readable properties file of prices (" + e + ")");
      }
    }
    settings.putAll(source.withPrefix(PREFIX));
    String currency = settings.remove(CURRENCY);
    settings.remove(FILE);
    String budgetValue = settings.remove(DAILY_BUDGET);
    double dailyBudget = Double.NaN;
    if (budgetValue != null) {
      dailyBudget = price(budgetValue);
      if (Double.isNaN(dailyBudget)) {
        problems.add(DAILY_BUDGET, budgetValue, "a non-negative decimal amount per day");
      }
    }
    Map<String, double[]> rates = new HashMap<>();
    for (Map.Entry<String, String> entry : settings.entrySet()) {
      String key = entry.getKey();
      int dot = key.lastIndexOf('.');
      int kind = KINDS.indexOf(key.substring(dot + 1));
      String model = dot > PREFIX.length() ? key.substring(PREFIX.length(), dot) : "";
      if (kind < 0 || model.indexOf('.') <= 0) {
        problems.add(key, entry.getValue(), PREFIX + "<provider>.<model>.<kind> with a kind of "
            + String.join(", ", KINDS));
        continue;
      }
      double rate = price(entry.getValue());
      if (Double.isNaN(rate)) {
        problems.add(key, entry.getValue(), "a non-negative decimal price per million tokens");
        continue;
      }
      double[] modelRates = rates.get(model);
      if (modelRates == null) {
        modelRates = new double[KINDS.size()];
        Arrays.fill(modelRates, Double.NaN);
        rates.put(model, modelRates);
      }
      modelRates[kind] = rate;
    }
    return new Pricing(rates, currency == null ? "USD" : currency, dailyBudget);
  }

  private static double price(String value) {
    try {
      double parsed = Double.parseDouble(value.trim());
      return parsed >= 0 && !Double.isInfinite(parsed) ? parsed : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** True when any price is configured: only then are costs and unpriced tokens recorded. */
  public boolean isEnabled() {
    return !rates.isEmpty();
  }

  /**
   * The prices per million tokens of a provider's model, by the kinds of {@link #KINDS} (NaN
   * where that kind has no price), or null when the model has none.
   */
  public double[] rates(String provider, String model) {
    double[] found = rates.get(provider + "." + model);
    return found == null ? null : found.clone();
  }

  public String currency() {
    return currency;
  }

  /** The daily budget in {@link #currency()}, or NaN when none is set. */
  public double dailyBudget() {
    return dailyBudget;
  }
}
