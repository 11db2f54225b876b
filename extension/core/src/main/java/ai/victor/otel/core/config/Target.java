package ai.victor.otel.core.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One configured class (or interface or superclass: every implementation matches) in one role:
 * which of its methods to instrument, and how to read names and values from its calls.
 */
public final class Target {
  private final String id;
  private final Role role;
  private final String type;
  private final Map<String, List<String>> methods;
  private final Map<String, Accessor> accessors;
  /** {@link #accessors} by {@link Key}, resolved once here: read per call without a lookup. */
  private final Accessor[] slots;
  private final long entryBytes;
  private final String phase;

  Target(String id, Role role, String type, Map<String, List<String>> methods,
      Map<String, Accessor> accessors, long entryBytes, String phase) {
    this.id = id;
    this.role = role;
    this.type = type;
    this.methods = Collections.unmodifiableMap(methods);
    this.accessors = Collections.unmodifiableMap(accessors);
    Key[] keys = Key.values();
    this.slots = new Accessor[keys.length];
    for (Key key : keys) {
      slots[key.ordinal()] = accessors.get(key.setting());
    }
    this.entryBytes = entryBytes;
    this.phase = phase;
  }

  public String id() {
    return id;
  }

  public Role role() {
    return role;
  }

  /** Fully qualified name of the class, interface or superclass to match. */
  public String type() {
    return type;
  }

  /**
   * Method names per kind of call: for caches {@code get}, {@code put}, {@code evict}, {@code
   * invalidate}; for the other roles {@code methods}.
   */
  public Map<String, List<String>> methods() {
    return methods;
  }

  public List<String> methods(String kind) {
    List<String> names = methods.get(kind);
    return names == null ? Collections.<String>emptyList() : names;
  }

  /** The accessor configured under {@code key}, or null. */
  public Accessor accessor(String key) {
    return accessors.get(key);
  }

  /** The accessor configured under {@code key}, or null: a field read, for the per-call paths. */
  public Accessor accessor(Key key) {
    return slots[key.ordinal()];
  }

  /** Cache memory estimate per entry, used when no {@code memory} accessor is configured. */
  public long entryBytes() {
    return entryBytes;
  }

  /** For bootstrap targets: {@code startup}, {@code component} or {@code registration}. */
  public String phase() {
    return phase;
  }

  /** The settings key of one of this target's settings, for messages. */
  public String key(String setting) {
    return VictorConfig.TARGET_PREFIX + id + "." + setting;
  }

  @Override
  public String toString() {
    return role.key() + " target '" + id + "' (" + type + ")";
  }
}
