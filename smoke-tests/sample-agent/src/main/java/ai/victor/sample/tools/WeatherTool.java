package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Simulates a weather API: 20–60 ms, and 5 % of calls throw as if the API were down. */
public final class WeatherTool extends SimulatedTool {

  private static final Pattern CITY = Pattern.compile("\\bin\\s+(\\p{L}+)", Pattern.CASE_INSENSITIVE);
  private static final String[] CONDITIONS = {"sunny", "cloudy", "rainy", "windy"};

  public WeatherTool(FaultKnobs knobs, Random random) {
    super("weather", knobs, random, 20, 40, 0.05);
  }

  @Override
  protected String run(String arguments) {
    Matcher matcher = CITY.matcher(arguments);
    String city = matcher.find() ? matcher.group(1) : "your location";
    int fingerprint = fingerprint(city);
    return city + ": " + (fingerprint % 35 - 5) + " C, " + CONDITIONS[fingerprint % CONDITIONS.length];
  }
}
