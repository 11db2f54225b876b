package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchCache;
import ai.victor.otel.bench.app.PlainCache;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The configured cache get's cost over the agent alone, paired in one JVM: the configured {@link
 * BenchCache} and its unconfigured copy {@link PlainCache} (the same code, not instrumented) run
 * in alternating chunks, so that the load, the JIT and the GC weigh on both alike. Prints, per
 * kind of call (hit, miss, put), the CPU ns per call of each side as the fastest chunk, the 10th
 * percentile and the median, and the configured side's excess per pair of chunks (median), with
 * the load average before and after. Run it under the agent with the extension ({@link
 * Side#EXTENSION}'s options): {@code java <options> -cp benchmarks.jar
 * ai.victor.otel.bench.ConfiguredCacheProbe [chunks] [calls per chunk]}.
 */
public final class ConfiguredCacheProbe {
  private static volatile Object sink;

  private ConfiguredCacheProbe() {}

  public static void main(String[] args) {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    ApplicationThreadLocals.warmUp();
    BenchCache cache = new BenchCache("tools");
    PlainCache plain = new PlainCache("tools");
    Object present = "select:weather in Paris";
    Object absent = "select:not cached";
    Object value = "weather";
    cache.put(present, value);
    plain.put(present, value);
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Runnable[][] pairs = {
      {() -> getLoop(cache, present, chunk), () -> plainGetLoop(plain, present, chunk)},
      {() -> getLoop(cache, absent, chunk), () -> plainGetLoop(plain, absent, chunk)},
      {() -> putLoop(cache, present, value, chunk), () -> plainPutLoop(plain, present, value,
          chunk)},
    };
    String[] names = {"get-hit", "get-miss", "put"};
    for (int round = 0; round < 10; round++) {
      for (Runnable[] pair : pairs) {
        for (int i = 0; i < 1_000_000 / chunk; i++) {
          pair[0].run();
          pair[1].run();
        }
      }
    }
    System.out.println("CONFIGURED-PAIRED advice=" + Instrumented.adviceRan(
        "ai.victor.otel.core.configured.CacheCalls", BenchCache.class.getClassLoader())
        + " chunks=" + chunks + " calls/chunk=" + chunk + " load=" + String.format(Locale.ROOT,
        "%.2f", loadBefore));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int p = 0; p < pairs.length; p++) {
      long[][] cpu = new long[2][chunks];
      long[] added = new long[chunks];
      for (int i = 0; i < chunks; i++) {
        for (int k = 0; k < 2; k++) {
          int side = (i + k) % 2;
          long before = threads.getCurrentThreadCpuTime();
          pairs[p][side].run();
          cpu[side][i] = threads.getCurrentThreadCpuTime() - before;
        }
        added[i] = cpu[0][i] - cpu[1][i];
      }
      System.out.println(String.format(Locale.ROOT,
          "%-8s configured %s | plain %s | added median %.1f ns/call", names[p],
          figures(cpu[0], chunk), figures(cpu[1], chunk), median(added) / (double) chunk));
    }
    System.out.println(String.format(Locale.ROOT, "load after=%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
  }

  /** Fastest chunk / 10th percentile / median, CPU ns per call. */
  private static String figures(long[] cpu, int chunk) {
    long[] sorted = cpu.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "min %.1f p10 %.1f med %.1f", sorted[0] / (double) chunk,
        sorted[sorted.length / 10] / (double) chunk, sorted[sorted.length / 2] / (double) chunk);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void getLoop(BenchCache cache, Object key, int calls) {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = cache.get(key);
    }
    sink = last;
  }

  private static void putLoop(BenchCache cache, Object key, Object value, int calls) {
    for (int i = 0; i < calls; i++) {
      cache.put(key, value);
    }
  }

  private static void plainGetLoop(PlainCache cache, Object key, int calls) {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = cache.get(key);
    }
    sink = last;
  }

  private static void plainPutLoop(PlainCache cache, Object key, Object value, int calls) {
    for (int i = 0; i < calls; i++) {
      cache.put(key, value);
    }
  }
}
