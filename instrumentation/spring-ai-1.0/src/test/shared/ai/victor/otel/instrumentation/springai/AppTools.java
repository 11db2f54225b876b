package ai.victor.otel.instrumentation.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The application's {@code @Tool} methods. The fake model calls every offered tool whose name the
 * user message contains, so a test picks its tools by naming them.
 */
public class AppTools {
  @Tool(description = "Current weather in a city")
  public String weather(@ToolParam(description = "city name") String city) {
    return "sunny in " + city;
  }

  @Tool(description = "Local time in a city")
  public String clock(@ToolParam(description = "city name") String city) {
    return "12:00 in " + city;
  }

  @Tool(description = "Stock level of an item; the warehouse is down")
  public String inventory(@ToolParam(description = "item name") String item) {
    throw new IllegalStateException("warehouse unreachable");
  }
}
