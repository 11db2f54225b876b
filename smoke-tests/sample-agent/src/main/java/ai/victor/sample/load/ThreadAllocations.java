package ai.victor.sample.load;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by the JVM's live threads, per thread, so that a load run's allocation can be
 * told apart from the rest: {@link #since} sums what each thread allocated after a snapshot.
 * Threads that ended in between are not counted, which is why the load's own clients (short-lived
 * pools) are left out and only the threads that serve requests, which live on, are measured.
 */
public final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocations() {}

  /** Thread id to bytes allocated so far, for every live thread. */
  public static Map<Long, Long> snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> snapshot = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        snapshot.put(ids[i], bytes[i]);
      }
    }
    return snapshot;
  }

  /** Bytes allocated since {@code before} by the threads alive now (all of it for new ones). */
  public static long since(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  /** Bytes the current thread has allocated so far. */
  public static long currentThread() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
