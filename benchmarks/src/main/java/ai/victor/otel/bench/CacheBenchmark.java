package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchCache;
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

/** Goal G1: a cache lookup (hit and miss) and a put; the default 1-in-64 lookups are timed. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheBenchmark {
  private BenchCache cache;
  private Object present;
  private Object absent;
  private Object value;

  @Setup
  public void setUp() {
    cache = new BenchCache("tools");
    present = "select:weather in Paris";
    absent = "select:not cached";
    value = "weather";
    cache.put(present, value);
  }

  @Benchmark
  public Object getHit() {
    return cache.get(present);
  }

  @Benchmark
  public Object getMiss() {
    return cache.get(absent);
  }

  @Benchmark
  public void put() {
    cache.put(present, value);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.check("ai.victor.otel.core.configured.CacheCalls", BenchCache.class);
  }
}
