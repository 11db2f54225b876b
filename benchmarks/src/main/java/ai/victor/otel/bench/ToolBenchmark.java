package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchTool;
import ai.victor.otel.bench.app.BenchToolResult;
import ai.victor.otel.bench.app.BenchToolRunner;
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

/**
 * Goal G2: a tool execution (span, duration histogram, in-progress counter). Run once with the
 * agent's default sampler and once with {@code otel.traces.sampler=always_off} for the unsampled
 * figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ToolBenchmark {
  private BenchToolRunner runner;
  private BenchTool tool;
  private String arguments;

  @Setup
  public void setUp() {
    runner = new BenchToolRunner();
    tool = new BenchTool("weather");
    arguments = "{\"city\":\"Paris\"}";
  }

  @Benchmark
  public BenchToolResult execute() {
    return runner.execute(tool, arguments);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.check("ai.victor.otel.core.configured.ToolCalls", BenchToolRunner.class);
  }
}
