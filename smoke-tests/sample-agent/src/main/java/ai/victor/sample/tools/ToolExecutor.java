package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tools on a bounded pool of threads, with a timeout.
 *
 * <p>Tools run on the pool rather than on the caller's thread so that a tool that hangs can be
 * abandoned: after {@code sample.tool.timeout-ms} (a {@link FaultKnobs knob}, default 1000, read
 * on every call) the tool is interrupted and the caller gets a {@link ToolTimeoutException}. Both
 * the threads and the queue are bounded, so a burst of slow tools is rejected instead of
 * exhausting memory or threads. Thread-safe.
 */
public final class ToolExecutor implements AutoCloseable {

  /** The knob that holds the timeout in milliseconds. */
  public static final String TIMEOUT_KNOB = FaultKnobs.TOOL_PREFIX + "timeout-ms";

  private static final int QUEUED_PER_THREAD = 8;

  private final FaultKnobs knobs;
  private final ThreadPoolExecutor pool;
  /** The pool's threads, for {@link #cpuNanos}. */
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private static final ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  /**
   * Creates an executor and declares its timeout knob.
   *
   * @param threads how many tools may run at once
   */
  public ToolExecutor(FaultKnobs knobs, int threads) {
    this.knobs = knobs;
    knobs.declare(TIMEOUT_KNOB, 1000);
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD),
            daemonThreads(this.threads));
  }

  /**
   * Runs the tool and waits for it.
   *
   * @return the output, with {@link ToolResult#isError()} set on a soft failure
   * @throws ToolTimeoutException if the tool did not finish in time; it has been interrupted
   * @throws ToolExecutionException if the tool threw (the cause) or returned null, or the pool
   *     was saturated
   */
  public ToolResult execute(Tool tool, String arguments) throws ToolExecutionException {
    Duration timeout = Duration.ofMillis((long) knobs.value(TIMEOUT_KNOB));
    Future<String> future;
    try {
      future = pool.submit(() -> Objects.requireNonNull(tool.invoke(arguments), "null output"));
    } catch (RejectedExecutionException e) {
      throw new ToolExecutionException(tool.name(), "rejected, executor saturated", e);
    }
    try {
      String output = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ToolResult(output, output.startsWith(Tool.SOFT_ERROR_PREFIX));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ToolTimeoutException(tool.name(), timeout, e);
    } catch (ExecutionException e) {
      throw new ToolExecutionException(tool.name(), "failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ToolExecutionException(tool.name(), "interrupted while waiting", e);
    }
  }

  /** CPU time the pool's threads have spent so far, for the overhead measurement. */
  public long cpuNanos() {
    long total = 0;
    for (Thread thread : threads) {
      long cpu = THREADS.getThreadCpuTime(thread.getId());
      if (cpu > 0) {
        total += cpu;
      }
    }
    return total;
  }

  /** Stops the pool, interrupting running tools. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** Daemon threads, so that tools still running cannot keep the JVM from exiting. */
  private static ThreadFactory daemonThreads(List<Thread> made) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "tool-executor-" + count.incrementAndGet());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };
  }
}
