package ai.victor.sample.stress;

import ai.victor.sample.cache.LruTtlCache;
import ai.victor.sample.provider.ChatRequest;
import ai.victor.sample.provider.Completion;
import ai.victor.sample.provider.LlmProvider;
import ai.victor.sample.tools.Tool;
import ai.victor.sample.tools.ToolExecutionException;
import ai.victor.sample.tools.ToolExecutor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workloads for the reliability tests, driven through {@code /admin/hammer}, {@code /admin/attack}
 * and {@code /admin/jvm}: they call the instrumented classes directly, many times or with many
 * distinct names, and count exactly what they did, so a test can compare the application's own
 * counts with the exported telemetry.
 */
public final class Stress {

  private static final Duration TTL = Duration.ofMinutes(10);
  /** Hammered keys; twice the cache's capacity, so that lookups both hit and miss and puts evict. */
  private static final int HAMMER_KEYS = 128;
  private static final int HAMMER_CAPACITY = 64;
  /** Every n-th hammered tool call throws, so that errors are counted exactly too. */
  private static final int HAMMER_FAILURE_EVERY = 7;
  private static final long THREADS_SETTLE_MS = 200;

  private final ToolExecutor executor;

  public Stress(ToolExecutor executor) {
    this.executor = executor;
  }

  /**
   * Runs {@code calls} iterations on each of {@code threads} threads, all at once: a lookup in the
   * cache {@code hammer} (a put after each miss) and one execution of the tool {@code hammer}
   * through the executor. Answers what was done: gets, hits, misses, puts, evictions, tool calls,
   * tool failures.
   */
  public Map<String, Object> hammer(int threads, int calls) {
    CountingCache cache = new CountingCache();
    HammerTool tool = new HammerTool();
    AtomicLong hits = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    AtomicLong toolOk = new AtomicLong();
    AtomicLong toolFailed = new AtomicLong();
    Callable<Void> worker = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < calls; i++) {
        Integer key = random.nextInt(HAMMER_KEYS);
        if (cache.get(key) != null) {
          hits.incrementAndGet();
        } else {
          misses.incrementAndGet();
          cache.put(key, "value-" + key);
        }
        try {
          executor.execute(tool, "call " + i);
          toolOk.incrementAndGet();
        } catch (ToolExecutionException e) {
          toolFailed.incrementAndGet();
        }
      }
      return null;
    };
    runOnThreads(threads, worker);
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("gets", hits.get() + misses.get());
    done.put("hits", hits.get());
    done.put("misses", misses.get());
    done.put("puts", misses.get());
    done.put("evictions", cache.evictions.get());
    done.put("toolCalls", toolOk.get() + toolFailed.get());
    done.put("toolFailures", toolFailed.get());
    return done;
  }

  /**
   * Uses {@code names} distinct cache namespaces ({@code attack-ns-<i>}, a get and a put each),
   * tool names ({@code attack-tool-<i>}, one execution each) and models ({@code
   * attack-model-<i>} of provider {@code attack}, one completion each), as a caller passing user
   * input as names would. Nothing is kept: every instance is garbage once used.
   */
  public Map<String, Object> attack(int names) {
    long gets = 0;
    long tools = 0;
    long completions = 0;
    for (int i = 0; i < names; i++) {
      LruTtlCache<String, String> cache = new LruTtlCache<>("attack-ns-" + i, 4, TTL);
      if (cache.get("k") == null) {
        cache.put("k", "v");
      }
      gets++;
      try {
        executor.execute(new NamedTool("attack-tool-" + i), "x");
      } catch (ToolExecutionException e) {
        throw new IllegalStateException("attack tool failed", e);
      }
      tools++;
      new AttackProvider("attack-model-" + i).complete(new ChatRequest("attack-" + i, "x", List.of()));
      completions++;
    }
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("names", names);
    done.put("gets", gets);
    done.put("toolCalls", tools);
    done.put("completions", completions);
    return done;
  }

  /**
   * Collects garbage (twice, so that objects freed by the first collection's reference processing
   * go too) and answers the heap used after it and the live threads, read after a short pause so
   * that threads whose owners were just collected or shut down have ended.
   */
  public static Map<String, Object> jvm() {
    System.gc();
    System.gc();
    try {
      Thread.sleep(THREADS_SETTLE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("heapUsedAfterGc", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    stats.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    stats.put("daemonThreads", ManagementFactory.getThreadMXBean().getDaemonThreadCount());
    return stats;
  }

  private static void runOnThreads(int threads, Callable<Void> worker) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(worker);
      }
      for (Future<Void> done : pool.invokeAll(workers)) {
        done.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a worker failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Counts its evictions in the override, which then calls the instrumented {@code evicted} it
   * overrides: a re-entrant call on the same instance, which must be counted once.
   */
  private static final class CountingCache extends LruTtlCache<Integer, String> {
    final AtomicLong evictions = new AtomicLong();

    CountingCache() {
      super("hammer", HAMMER_CAPACITY, TTL);
    }

    @Override
    protected void evicted(Integer key) {
      evictions.incrementAndGet();
      super.evicted(key);
    }
  }

  private static final class HammerTool implements Tool {
    private final AtomicLong calls = new AtomicLong();

    @Override
    public String name() {
      return "hammer";
    }

    @Override
    public String invoke(String arguments) throws IOException {
      if (calls.incrementAndGet() % HAMMER_FAILURE_EVERY == 0) {
        throw new IOException("planned failure");
      }
      return "ok";
    }
  }

  private record NamedTool(String name) implements Tool {
    @Override
    public String invoke(String arguments) {
      return "ok";
    }
  }

  private record AttackProvider(String model) implements LlmProvider {
    @Override
    public String name() {
      return "attack";
    }

    @Override
    public Completion complete(ChatRequest request) {
      return new Completion("attack", model, "ok", 1, 1, List.of(), "stop");
    }
  }
}
