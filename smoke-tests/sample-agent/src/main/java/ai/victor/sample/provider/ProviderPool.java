package ai.victor.sample.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends each request to the healthiest of several {@link LlmProvider}s, failing over to the next
 * one when a provider throws a {@link ProviderException}.
 *
 * <p>A provider is unhealthy while more than half of its last {@value #WINDOW} calls failed.
 * Providers are tried healthy ones first, each group in the configured order: an unhealthy provider
 * is skipped while a healthy one can answer, but still tried as a last resort, since a degraded
 * answer beats none. Failures older than {@value #FORGET_AFTER_SECONDS} seconds are forgotten, so
 * that a provider that had time to recover gets its place back even if the others never fail.
 *
 * <p>This is deliberately not an {@link LlmProvider} itself: it is the client-side routing layer,
 * and each attempt it makes is a separate provider call. Thread-safe.
 *
 * <p>Each failed attempt is logged at WARNING through {@code java.util.logging}, as a real service
 * would: under the agent the record is exported with the request's trace and span ids.
 */
public final class ProviderPool {

  private static final Logger LOGGER = Logger.getLogger(ProviderPool.class.getName());

  static final int WINDOW = 10;
  static final int FORGET_AFTER_SECONDS = 10;

  private final List<LlmProvider> providers;
  private final List<Health> health;

  /** @param providers the providers, in order of preference; at least one */
  public ProviderPool(List<? extends LlmProvider> providers) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("no providers");
    }
    this.providers = List.copyOf(providers);
    this.health = this.providers.stream().map(p -> new Health()).toList();
  }

  /** Returns the providers, in order of preference. */
  public List<LlmProvider> providers() {
    return providers;
  }

  /**
   * Answers the request with the first provider that succeeds.
   *
   * @throws ProviderException the last provider's failure, if every provider tried failed
   */
  public Completion complete(ChatRequest request) throws ProviderException {
    ProviderException last = null;
    for (int i : candidates()) {
      try {
        Completion completion = providers.get(i).complete(request);
        health.get(i).record(false);
        return completion;
      } catch (ProviderException e) {
        health.get(i).record(true);
        LOGGER.log(Level.WARNING, "provider {0} failed for {1}: {2}",
            new Object[] {providers.get(i).name(), request.requestId(), e.getMessage()});
        last = e;
      }
    }
    throw last;
  }

  /** Returns the indexes of all providers, healthy ones first, each group in configured order. */
  private List<Integer> candidates() {
    long now = System.nanoTime();
    List<Integer> healthy = new ArrayList<>();
    List<Integer> unhealthy = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      (health.get(i).isHealthy(now) ? healthy : unhealthy).add(i);
    }
    healthy.addAll(unhealthy);
    return healthy;
  }

  /** The outcomes of a provider's last {@link #WINDOW} calls, as a ring buffer. */
  private static final class Health {
    private static final long FORGET_AFTER_NANOS = TimeUnit.SECONDS.toNanos(FORGET_AFTER_SECONDS);

    /** When each recorded call failed, or 0 for a success or an empty slot. */
    private final long[] failedAt = new long[WINDOW];
    private int next;

    synchronized void record(boolean failed) {
      // nanoTime may be 0; a failure must never look like a success or an empty slot.
      failedAt[next] = failed ? System.nanoTime() | 1 : 0;
      next = (next + 1) % WINDOW;
    }

    synchronized boolean isHealthy(long now) {
      int recentFailures = 0;
      for (long at : failedAt) {
        if (at != 0 && now - at < FORGET_AFTER_NANOS) {
          recentFailures++;
        }
      }
      return recentFailures <= WINDOW / 2;
    }
  }
}
