package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchCompletion;
import ai.victor.otel.bench.app.BenchProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Goal G3: an LLM call (client span, duration and token metrics; content capture off). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProviderBenchmark {
  private BenchProvider provider;
  private String prompt;

  @Setup
  public void setUp() {
    provider = new BenchProvider("openai", "gpt-4o");
    prompt = "what is the weather in Paris";
  }

  @Benchmark
  public BenchCompletion complete() {
    return provider.complete(prompt);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.check("ai.victor.otel.core.configured.ProviderCalls", BenchProvider.class);
  }
}
