package ai.victor.sample.webapps.app;

import dev.langchain4j.agent.tool.Tool;

/** A LangChain4j tool. */
public final class LangChainTools {
  @Tool("Tells the weather")
  public String weather() {
    return "sunny";
  }
}
