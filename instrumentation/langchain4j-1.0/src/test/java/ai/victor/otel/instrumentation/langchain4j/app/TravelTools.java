package ai.victor.otel.instrumentation.langchain4j.app;

import dev.langchain4j.agent.tool.Tool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two {@code @Tool} methods. The fake model calls every offered tool whose name the user message
 * contains, so a test picks the tools by naming them.
 */
public final class TravelTools {
  public final AtomicInteger weatherCalls = new AtomicInteger();

  @Tool("Current weather in a city")
  public String weather(String city) {
    weatherCalls.incrementAndGet();
    return "sunny in " + city;
  }

  /** Always fails: LangChain4j turns the exception into the tool's result text. */
  @Tool("Price of a flight to a city")
  public String flightPrice(String city) {
    throw new IllegalStateException("fares unavailable for " + city);
  }
}
