package ai.victor.otel.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * What the paired probes ({@link McpPairedProbe}, {@link SdkPairedProbe}) share: two copies of an
 * application in two class loaders of one JVM under the agent, chunks alternating between them,
 * and the calling thread's CPU time and allocated bytes per side. One JVM, because on this shared
 * machine two JVMs run one after the other differ by more than a module costs; alternating chunks,
 * so that the load, the JIT and the GC weigh on both copies alike.
 */
final class PairedCopies {
  private PairedCopies() {}

  /**
   * One copy: {@code factory} makes its runner with {@code loader} as the thread's context class
   * loader (SDKs find their JSON mappers through it), and each run calls the runner's public
   * {@code calls(int)} with {@code chunk}, in the same context.
   */
  static Runnable copy(ClassLoader loader, Callable<Object> factory, int chunk) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Object runner = factory.call();
      Method calls = runner.getClass().getMethod("calls", int.class);
      calls.setAccessible(true);
      return () -> {
        thread.setContextClassLoader(loader);
        try {
          calls.invoke(runner, chunk);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        } finally {
          thread.setContextClassLoader(context);
        }
      };
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /**
   * One side of a toggled pair: {@code runner} with the module's breaker {@code open} set to
   * {@code breakerOpen} first (outside the calls; a chunk is many calls).
   */
  static Runnable toggled(Runnable runner, java.util.concurrent.atomic.AtomicBoolean open,
      boolean breakerOpen) {
    return () -> {
      open.set(breakerOpen);
      runner.run();
    };
  }

  /** Per side (0 = the module on, 1 = off), totals; per chunk, the on side's excess. */
  static final class Result {
    final long[] cpu = new long[2];
    final long[] bytes = new long[2];
    final long[] addedCpu;
    final long[] addedBytes;

    Result(int chunks) {
      addedCpu = new long[chunks];
      addedBytes = new long[chunks];
    }

    static long median(long[] values) {
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }
  }

  /** Runs {@code chunks} rounds of one chunk per side, which side goes first alternating. */
  static Result measure(Runnable on, Runnable off, int chunks) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Result result = new Result(chunks);
    for (int i = 0; i < chunks; i++) {
      for (int k = 0; k < 2; k++) {
        int side = (i + k) % 2;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getThreadAllocatedBytes(thread);
        (side == 0 ? on : off).run();
        long c = threads.getCurrentThreadCpuTime() - cpu0;
        long b = threads.getThreadAllocatedBytes(thread) - bytes0;
        result.cpu[side] += c;
        result.bytes[side] += b;
        result.addedCpu[i] += side == 0 ? c : -c;
        result.addedBytes[i] += side == 0 ? b : -b;
      }
    }
    return result;
  }
}
