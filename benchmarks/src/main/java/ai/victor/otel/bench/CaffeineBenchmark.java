package ai.victor.otel.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * Goal G1 on a cache library: a Caffeine cache (size-bounded, statistics not asked for, as most
 * applications build one) counted by the Caffeine module, which turns its statistics on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaffeineBenchmark {
  private Cache<Object, Object> cache;
  private Object present;
  private Object absent;
  private Object value;

  @Setup
  public void setUp() {
    cache = Caffeine.newBuilder().maximumSize(10_000).build();
    present = "select:weather in Paris";
    absent = "select:not cached";
    value = "weather";
    cache.put(present, value);
  }

  @Benchmark
  public Object getIfPresentHit() {
    return cache.getIfPresent(present);
  }

  @Benchmark
  public Object getIfPresentMiss() {
    return cache.getIfPresent(absent);
  }

  @Benchmark
  public void put() {
    cache.put(present, value);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.checkLibrary(cache, CaffeineBenchmark.class);
  }
}
