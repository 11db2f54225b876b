package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchSelection;
import ai.victor.otel.bench.app.BenchSelector;
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

/** Goal G3: a tool selection (span, latency histogram, tool-count histogram). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectionBenchmark {
  private BenchSelector selector;
  private String query;
  private String context;

  @Setup
  public void setUp() {
    selector = new BenchSelector();
    query = "what is the weather in Paris";
    context = "session-1";
  }

  @Benchmark
  public BenchSelection select() {
    return selector.select(query, context);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.check("ai.victor.otel.core.configured.SelectorCalls", BenchSelector.class);
  }
}
