package ai.victor.sample.webapps.app;

import org.springframework.ai.tool.annotation.Tool;

/** Spring AI tools, as an application passes them to {@code .tools(new SpringTools())}. */
public final class SpringTools {
  @Tool(description = "Looks something up")
  public String lookup() {
    return "found";
  }
}
