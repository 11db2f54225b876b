package ai.victor.sample.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import java.util.concurrent.atomic.AtomicInteger;

/** Three tools; flight status fails every second call, like a flaky upstream service. */
public final class TravelTools {
  private final AtomicInteger flightStatusCalls = new AtomicInteger();

  @Tool("Current weather in a city")
  public String weather(String city) {
    return "sunny, 21C in " + city;
  }

  @Tool("Exchange rate between two currencies")
  public double exchangeRate(String from, String to) {
    return from.equals(to) ? 1.0 : 1.08;
  }

  @Tool("Status of a flight")
  public String flightStatus(String flight) {
    if (flightStatusCalls.incrementAndGet() % 2 == 0) {
      throw new IllegalStateException("flight status service unavailable");
    }
    return flight + " is on time";
  }
}
