package ai.victor.otel.bench.app;

/**
 * An LLM client whose call returns at once: a real call takes milliseconds to seconds, so only
 * the instrumentation's own cost is left to measure.
 */
public final class BenchProvider {
  private final String name;
  private final String model;
  private final BenchCompletion answer;

  public BenchProvider(String name, String model) {
    this.name = name;
    this.model = model;
    // Token counts below 128 would come from the JDK's Integer cache when boxed; real ones don't.
    this.answer = new BenchCompletion(model + "-2026-01-01", 1200, 350, "stop");
  }

  public String name() {
    return name;
  }

  public String model() {
    return model;
  }

  public BenchCompletion complete(String prompt) {
    return answer;
  }
}
