package ai.victor.sample.bootstrap;

import ai.victor.sample.faults.Pause;
import ai.victor.sample.provider.ProviderPool;
import ai.victor.sample.provider.SimulatedProvider;
import java.util.List;

/**
 * Creates the three simulated providers, in order of preference {@code openai} ({@code gpt-4o}),
 * {@code anthropic} ({@code claude-sonnet-4}) and {@code ollama} ({@code llama3.1}), and the pool
 * that fails over between them. Takes 70 ms, as opening connections to three APIs would.
 */
public final class ProviderPoolComponent implements Component {

  private static final double WARM_UP_MS = 70;

  private final ConfigComponent config;
  private ProviderPool pool;

  public ProviderPoolComponent(ConfigComponent config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "provider-pool";
  }

  @Override
  public void initialize() {
    Pause.millis(WARM_UP_MS);
    pool =
        new ProviderPool(
            List.of(
                provider("openai", "gpt-4o"),
                provider("anthropic", "claude-sonnet-4"),
                provider("ollama", "llama3.1")));
  }

  /** Returns the pool. */
  public ProviderPool pool() {
    return pool;
  }

  private SimulatedProvider provider(String name, String model) {
    return new SimulatedProvider(name, model, config.knobs(), config.random("provider." + name));
  }
}
