package ai.victor.sample.load;

import ai.victor.sample.cache.LruTtlCache;
import ai.victor.sample.faults.FaultKnobs;
import ai.victor.sample.tools.Tool;
import ai.victor.sample.tools.ToolExecutionException;
import ai.victor.sample.tools.ToolExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache-heavy microworkload of the overhead measurement (docs/performance.md): each request
 * makes {@value #GETS} lookups in a warm {@link LruTtlCache} (namespace {@code micro}) and one
 * call of a tool that computes a fixed {@value #TOOL_ITERATIONS} steps (about 50 µs on an idle
 * core of the project's VM), through a {@link ToolExecutor}. It runs in-process, without HTTP, so
 * that the instrumented calls are a large share of the work: the workload where an
 * instrumentation's per-call cost shows most.
 */
public final class MicroWorkload implements AutoCloseable {
  public static final int GETS = 100;
  /**
   * The tool's work: a fixed number of dependent multiply-add steps, 49.3 µs at best on the
   * project's 2-core VM. Fixed work rather than a spin until a deadline, so that the process CPU
   * time per request does not depend on how often other processes preempt the tool.
   */
  public static final int TOOL_ITERATIONS = 40_000;
  public static final int MAX_CONCURRENCY = 4;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * The outcome of a run; allocation counts the workers and the tool threads. CPU time is split by
   * who spent it: the workers (the cache lookups, the tool call's submission and wait) and the
   * tool threads (the tool's work); the rest of the process's CPU over the run (the agent's
   * exporter and metric reader, GC, JIT) is the caller's to compute.
   */
  public record Result(int requests, Duration elapsed, Latencies latencies, long allocatedBytes,
      long workerCpuNanos, long toolCpuNanos) {}

  private final LruTtlCache<String, String> cache =
      new LruTtlCache<>("micro", 2 * GETS, Duration.ofHours(1));
  private final String[] keys = new String[GETS];
  private final ToolExecutor executor =
      new ToolExecutor(new FaultKnobs(Map.of()), MAX_CONCURRENCY);
  private final Tool spin = new SpinTool();

  public MicroWorkload() {
    for (int i = 0; i < GETS; i++) {
      keys[i] = "micro-key-" + i;
      cache.put(keys[i], "value-" + i);
    }
  }

  /** Runs {@code requests} requests from {@code concurrency} threads and waits for them. */
  public Result run(int requests, int concurrency) throws InterruptedException {
    if (concurrency <= 0 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY);
    }
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong workerBytes = new AtomicLong();
    AtomicLong workerCpu = new AtomicLong();
    Map<Long, Long> before = ThreadAllocations.snapshot();
    long toolCpu = executor.cpuNanos();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      Thread worker = new Thread(() -> {
        long allocated = ThreadAllocations.currentThread();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
          long t0 = System.nanoTime();
          if (!request()) {
            failed.incrementAndGet();
          }
          latencies[i] = System.nanoTime() - t0;
        }
        workerBytes.addAndGet(ThreadAllocations.currentThread() - allocated);
        workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
      }, "micro-load-" + w);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    toolCpu = executor.cpuNanos() - toolCpu;
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " micro requests failed");
    }
    // The workers have ended, so since() counts the tool threads; the workers counted themselves.
    long allocated = ThreadAllocations.since(before) + workerBytes.get();
    return new Result(requests, elapsed, Latencies.of(latencies, requests), allocated,
        workerCpu.get(), toolCpu);
  }

  private boolean request() {
    int hits = 0;
    for (String key : keys) {
      if (cache.get(key) != null) {
        hits++;
      }
    }
    try {
      return hits == GETS && !executor.execute(spin, "micro").isError();
    } catch (ToolExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    executor.close();
  }

  /** A tool that computes {@value #TOOL_ITERATIONS} steps: a sleep would be coarser. */
  private static final class SpinTool implements Tool {
    @Override
    public String name() {
      return "spin";
    }

    @Override
    public String invoke(String arguments) {
      long x = arguments.length();
      for (int i = 0; i < TOOL_ITERATIONS; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      // Uses the result, so that the JIT cannot drop the loop.
      return x == 0 ? "zero" : "done";
    }
  }
}
