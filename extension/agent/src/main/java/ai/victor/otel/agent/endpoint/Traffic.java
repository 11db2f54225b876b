package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds of work happened within the derivation window, told from the cumulative counters of
 * successive snapshots.
 *
 * <p>The derived rates fall back to their lifetime value when the window saw no traffic, so that a
 * quiet service keeps its last known hit rate on dashboards. A readiness probe must not read them
 * that way: a pod that a failing check took out of rotation receives no traffic, its rate would
 * stay at the failing lifetime value, and it would never become ready again. Rate checks therefore
 * gate readiness only while their traffic is {@linkplain #active active}.
 */
final class Traffic {
  static final String PROVIDER = "provider";
  static final String TOOL = "tool";
  static final String SELECTION = "selection";
  static final String CACHE = "cache";

  private final long windowMillis;
  private final Map<String, Double> lastTotals = new HashMap<>();
  private final Map<String, Long> lastChangeMillis = new HashMap<>();

  Traffic(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** Updates the totals from {@code snapshot} and returns the kinds active within the window. */
  synchronized Set<String> update(Snapshot snapshot) {
    Map<String, Double> totals = new HashMap<>();
    totals.put(PROVIDER, snapshot.sum(Metric.PROVIDER_LATENCY));
    totals.put(TOOL, snapshot.sum(Metric.TOOL_DURATION));
    totals.put(SELECTION, snapshot.sum(Metric.SELECTION_LATENCY));
    totals.put(CACHE, snapshot.sum(Metric.CACHE_OPERATIONS, Labels.OPERATION, "hit")
        + snapshot.sum(Metric.CACHE_OPERATIONS, Labels.OPERATION, "miss"));
    long now = snapshot.epochMillis();
    Set<String> active = new HashSet<>();
    for (Map.Entry<String, Double> total : totals.entrySet()) {
      Double last = lastTotals.put(total.getKey(), total.getValue());
      boolean changed = last == null ? total.getValue() > 0 : !last.equals(total.getValue());
      if (changed) {
        lastChangeMillis.put(total.getKey(), now);
      }
      Long changedAt = lastChangeMillis.get(total.getKey());
      if (changedAt != null && now - changedAt <= windowMillis) {
        active.add(total.getKey());
      }
    }
    return active;
  }
}
