package ai.victor.otel.bench;

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
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/**
 * Goal G1 through Spring's cache abstraction: a hit in a {@code ConcurrentMapCache} (one counted
 * layer) and in a {@code CaffeineCache} (Spring over Caffeine: two instrumented layers, counted
 * once by the double-counting rule).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringCacheBenchmark {
  private Cache concurrentMap;
  private Cache caffeine;
  private Object present;

  @Setup
  public void setUp() {
    concurrentMap = new ConcurrentMapCache("tools");
    caffeine = new CaffeineCache("answers", Caffeine.newBuilder().maximumSize(10_000).build());
    present = "select:weather in Paris";
    concurrentMap.put(present, "weather");
    caffeine.put(present, "weather");
  }

  @Benchmark
  public Object concurrentMapGetHit() {
    return concurrentMap.get(present);
  }

  @Benchmark
  public Object caffeineGetHit() {
    return caffeine.get(present);
  }

  @TearDown(Level.Trial)
  public void checkSide() {
    Instrumented.checkLibrary(concurrentMap, SpringCacheBenchmark.class);
    Instrumented.checkLibrary(caffeine, SpringCacheBenchmark.class);
  }
}
