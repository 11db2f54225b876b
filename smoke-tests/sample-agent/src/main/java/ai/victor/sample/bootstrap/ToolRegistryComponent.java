package ai.victor.sample.bootstrap;

import ai.victor.sample.faults.Pause;
import ai.victor.sample.tools.CalculatorTool;
import ai.victor.sample.tools.CodeRunnerTool;
import ai.victor.sample.tools.FlakyTool;
import ai.victor.sample.tools.SearchTool;
import ai.victor.sample.tools.Tool;
import ai.victor.sample.tools.ToolExecutor;
import ai.victor.sample.tools.WeatherTool;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the tools and the executor that runs them. Takes 40 ms, as loading tool schemas would.
 */
public final class ToolRegistryComponent implements Component {

  private static final double WARM_UP_MS = 40;
  private static final int EXECUTOR_THREADS = 8;

  private final ConfigComponent config;
  private Map<String, Tool> tools;
  private ToolExecutor executor;

  public ToolRegistryComponent(ConfigComponent config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "tool-registry";
  }

  @Override
  public void initialize() {
    Pause.millis(WARM_UP_MS);
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool tool :
        List.of(
            new SearchTool(config.knobs(), config.random("tool.search")),
            new CalculatorTool(config.knobs(), config.random("tool.calculator")),
            new WeatherTool(config.knobs(), config.random("tool.weather")),
            new CodeRunnerTool(config.knobs(), config.random("tool.code_runner")),
            new FlakyTool(config.knobs(), config.random("tool.flaky")))) {
      byName.put(tool.name(), tool);
    }
    tools = Collections.unmodifiableMap(byName);
    executor = new ToolExecutor(config.knobs(), EXECUTOR_THREADS);
  }

  /** Returns the tools by name, in order of preference. */
  public Map<String, Tool> tools() {
    return tools;
  }

  /** Returns the executor that runs the tools. */
  public ToolExecutor executor() {
    return executor;
  }
}
