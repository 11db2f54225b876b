package ai.victor.sample.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/** The assistant's tools; {@code hotels} fails, as a flaky backend would. */
@Component
public class TravelTools {
  private final ExchangeRates rates;

  public TravelTools(ExchangeRates rates) {
    this.rates = rates;
  }

  @Tool(description = "Current weather in a city")
  public String weather(@ToolParam(description = "city name") String city) {
    return "sunny, 21C in " + city;
  }

  @Tool(description = "Exchange rate between two currencies")
  public String exchangeRate(@ToolParam(description = "ISO code to convert from") String from,
      @ToolParam(description = "ISO code to convert to") String to) {
    return "1 " + from + " = " + rates.rate(from, to) + " " + to;
  }

  @Tool(description = "Hotel availability in a city")
  public String hotels(@ToolParam(description = "city name") String city) {
    throw new IllegalStateException("booking system unavailable");
  }
}
