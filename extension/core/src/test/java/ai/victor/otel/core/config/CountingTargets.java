package ai.victor.otel.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test copies of targets whose accessor map counts the lookups made by name. */
public final class CountingTargets {
  private CountingTargets() {}

  /**
   * A copy of {@code target} with the same accessors, whose map adds one to {@code lookups} on
   * each {@code get}: what a per-call path costs in string-keyed lookups.
   */
  public static Target of(Target target, AtomicLong lookups) {
    Map<String, Accessor> accessors = new HashMap<String, Accessor>() {
      @Override
      public Accessor get(Object key) {
        lookups.incrementAndGet();
        return super.get(key);
      }
    };
    for (Key key : Key.values()) {
      Accessor accessor = target.accessor(key.setting());
      if (accessor != null) {
        accessors.put(key.setting(), accessor);
      }
    }
    return new Target(target.id(), target.role(), target.type(), target.methods(), accessors,
        target.entryBytes(), target.phase());
  }
}
