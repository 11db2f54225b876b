package ai.victor.otel.core.recording;

import ai.victor.otel.core.Labels;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the values of one label (tool, provider, model, namespace...) to a fixed number of
 * distinct values; later newcomers are folded into {@link Labels#OVERFLOW}. Label values come
 * from user data, so without a cap one misbehaving caller could create unbounded series.
 */
public final class BoundedValues {
  private final int limit;
  private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();

  public BoundedValues(int limit) {
    this.limit = limit;
  }

  /** {@code value} itself while the cap allows, else the overflow value; null reads as unknown. */
  public String bound(String value) {
    String key = value == null ? Labels.UNKNOWN : value;
    String known = admitted.get(key);
    if (known != null) {
      return known;
    }
    if (admitted.size() >= limit) {
      return Labels.OVERFLOW;
    }
    // Racing admissions may overshoot the cap by the number of racing threads, never more.
    String previous = admitted.putIfAbsent(key, key);
    return previous == null ? key : previous;
  }

  int size() {
    return admitted.size();
  }
}
