package ai.victor.otel.bench;

import ai.victor.otel.bench.app.BenchCache;
import ai.victor.otel.bench.app.BenchProvider;
import ai.victor.otel.bench.app.BenchStreamingProvider;
import ai.victor.otel.bench.app.BenchSelector;
import ai.victor.otel.bench.app.BenchTool;
import ai.victor.otel.bench.app.BenchToolRunner;
import ai.victor.otel.bench.app.PlainCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/**
 * Measures the bytes the current thread allocates per cache call, on a configured (instrumented)
 * cache and on the same code under a name no target configures, in one JVM. Run it under the agent
 * with the extension; {@code CacheAllocationTest} asserts that the instrumented calls allocate
 * nothing more than the plain ones.
 *
 * <p>Each kind of call is warmed up (so that the JIT has compiled and inlined the advice) and then
 * run {@code calls} times between two reads of
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}. A control loop that
 * allocates one small object per call shows that the measurement sees allocation at all.
 *
 * <p>The library caches' calls (a size-bounded Caffeine cache's {@code getIfPresent} and {@code
 * put}, a Spring {@code ConcurrentMapCache} and a Spring {@code CaffeineCache} hit) have no
 * uninstrumented copy in the same JVM: the bare calls allocate nothing on their own (Caffeine) or
 * what the probe on the agent-alone side shows (Spring wraps a found value).
 *
 * <p>It also runs the selector, provider and tool benchmarks' calls (a twentieth as many), so that
 * running it on the agent-alone side and on the extension side gives their allocation, which
 * does not depend on the machine's load, and a CPU-time figure steadier than wall time.
 *
 * <p>Prints {@code ALLOCATION calls=N advice=true|false library=true|false get-hit=B plain-get-hit=B ...} with bytes
 * per call, then the same calls' CPU time per call over the whole loop ({@code CPU}) and in the
 * fastest of its {@value #CHUNKS} chunks ({@code CPU-MIN}: the steadier figure on a busy machine,
 * since other processes' interference only ever adds time).
 */
public final class AllocationProbe {
  private static final int WARM_UP_ROUNDS = 5;
  /** Each measured loop runs in this many chunks (see the CPU-MIN line). */
  private static final int CHUNKS = 20;
  private static volatile Object sink;

  private AllocationProbe() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    ApplicationThreadLocals.warmUp();
    // The traced roles cost a thousand times more per call: fewer calls give the same precision.
    int spanCalls = Math.max(1, calls / 20);
    BenchSelector selector = new BenchSelector();
    BenchProvider provider = new BenchProvider("openai", "gpt-4o");
    BenchStreamingProvider streaming = new BenchStreamingProvider("openai", "gpt-4o-stream");
    BenchStreamingProvider.Request request =
        new BenchStreamingProvider.Request("conversation-1", "acme");
    BenchToolRunner runner = new BenchToolRunner();
    BenchTool tool = new BenchTool("weather");
    BenchCache cache = new BenchCache("tools");
    PlainCache plain = new PlainCache("tools");
    Object present = "select:weather in Paris";
    Object absent = "select:not cached";
    Object value = "weather";
    cache.put(present, value);
    plain.put(present, value);
    Cache<Object, Object> caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    caffeine.put(present, value);
    org.springframework.cache.Cache spring = new ConcurrentMapCache("tools");
    spring.put(present, value);
    org.springframework.cache.Cache springCaffeine =
        new CaffeineCache("answers", Caffeine.newBuilder().maximumSize(10_000).build());
    springCaffeine.put(present, value);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    IntConsumer[] loops = {
      n -> getLoop(cache, present, n),
      n -> getLoop(cache, absent, n),
      n -> putLoop(cache, present, value, n),
      n -> plainGetLoop(plain, present, n),
      n -> plainGetLoop(plain, absent, n),
      n -> plainPutLoop(plain, present, value, n),
      AllocationProbe::allocatingLoop,
      n -> caffeineGetLoop(caffeine, present, n),
      n -> caffeineGetLoop(caffeine, absent, n),
      n -> caffeinePutLoop(caffeine, present, value, n),
      n -> springGetLoop(spring, present, n),
      n -> springGetLoop(springCaffeine, present, n),
      n -> {
        for (int i = 0; i < n; i++) {
          sink = selector.select("what is the weather in Paris", "session-1");
        }
      },
      n -> {
        for (int i = 0; i < n; i++) {
          sink = provider.complete("what is the weather in Paris");
        }
      },
      n -> {
        for (int i = 0; i < n; i++) {
          sink = runner.execute(tool, "{\"city\":\"Paris\"}");
        }
      },
      n -> {
        for (int i = 0; i < n; i++) {
          sink = streaming.stream(request);
        }
      },
    };
    String[] names = {"get-hit", "get-miss", "put", "plain-get-hit", "plain-get-miss",
        "plain-put", "control", "caffeine-get-hit", "caffeine-get-miss", "caffeine-put",
        "spring-get-hit", "spring-caffeine-get-hit", "select", "complete", "execute",
        "stream-genai"};
    int[] counts = {calls, calls, calls, calls, calls, calls, calls, calls, calls, calls, calls,
        calls, spanCalls, spanCalls, spanCalls, spanCalls};
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (int i = 0; i < loops.length; i++) {
        loops[i].accept(counts[i]);
      }
    }
    StringBuilder line = new StringBuilder("ALLOCATION calls=").append(calls)
        .append(" advice=").append(Instrumented.adviceRan(
            "ai.victor.otel.core.configured.CacheCalls", BenchCache.class.getClassLoader()))
        .append(" library=").append(
            Instrumented.libraryCounted(caffeine, AllocationProbe.class.getClassLoader())
            && Instrumented.libraryCounted(spring, AllocationProbe.class.getClassLoader()));
    StringBuilder cpu = new StringBuilder("CPU ns/call");
    StringBuilder best = new StringBuilder("CPU-MIN ns/call");
    for (int i = 0; i < loops.length; i++) {
      // In CHUNKS runs: the bytes are summed over all of them, the CPU time per call is given
      // for the whole and as the fastest chunk's, which leaves out most of what other processes
      // do to this one (preemption, caches they evicted) on a busy machine.
      int chunk = Math.max(1, counts[i] / CHUNKS);
      long bytes = 0;
      long cpuTotal = 0;
      long cpuMin = Long.MAX_VALUE;
      for (int c = 0; c < CHUNKS; c++) {
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long before = threads.getThreadAllocatedBytes(thread);
        loops[i].accept(chunk);
        long after = threads.getThreadAllocatedBytes(thread);
        long cpuAfter = threads.getCurrentThreadCpuTime();
        bytes += after - before;
        cpuTotal += cpuAfter - cpuBefore;
        cpuMin = Math.min(cpuMin, cpuAfter - cpuBefore);
      }
      line.append(' ').append(names[i]).append('=')
          .append(String.format(Locale.ROOT, "%.4f", bytes / (double) (chunk * CHUNKS)));
      cpu.append(' ').append(names[i]).append('=')
          .append(String.format(Locale.ROOT, "%.1f", cpuTotal / (double) (chunk * CHUNKS)));
      best.append(' ').append(names[i]).append('=')
          .append(String.format(Locale.ROOT, "%.1f", cpuMin / (double) chunk));
    }
    System.out.println(line);
    // CPU time rather than wall time: on a shared machine it leaves out the time spent waiting.
    System.out.println(cpu);
    System.out.println(best);
    System.out.println("THREAD first cache lookup on a new thread, added bytes="
        + firstLookupOnNewThreads(threads, cache, plain, present, 200));
  }

  /**
   * What the first configured cache lookup of a new thread allocates beyond the same lookup on
   * the unconfigured copy (run just before it on that thread): the per-thread set-up, paid once
   * per thread, so once per request where each request runs on a virtual thread of its own.
   */
  private static long firstLookupOnNewThreads(com.sun.management.ThreadMXBean threads,
      BenchCache cache, PlainCache plain, Object key, int count) {
    long total = 0;
    long[] added = new long[1];
    for (int i = 0; i < count; i++) {
      Thread fresh = new Thread(() -> {
        long id = Thread.currentThread().getId();
        long start = threads.getThreadAllocatedBytes(id);
        sink = plain.get(key);
        long middle = threads.getThreadAllocatedBytes(id);
        sink = cache.get(key);
        long end = threads.getThreadAllocatedBytes(id);
        added[0] = (end - middle) - (middle - start);
      });
      fresh.start();
      try {
        fresh.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      total += added[0];
    }
    return total / count;
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

  private static void caffeineGetLoop(Cache<Object, Object> cache, Object key, int calls) {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = cache.getIfPresent(key);
    }
    sink = last;
  }

  private static void caffeinePutLoop(Cache<Object, Object> cache, Object key, Object value,
      int calls) {
    for (int i = 0; i < calls; i++) {
      cache.put(key, value);
    }
  }

  /** Spring's {@code get} wraps the value it finds: the application's own allocation, if any. */
  private static void springGetLoop(org.springframework.cache.Cache cache, Object key,
      int calls) {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = cache.get(key);
    }
    sink = last;
  }

  /** One 16-byte object per call, published so that escape analysis cannot remove it. */
  private static void allocatingLoop(int calls) {
    for (int i = 0; i < calls; i++) {
      sink = new Object();
    }
  }
}
