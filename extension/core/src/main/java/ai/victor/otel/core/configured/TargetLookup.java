package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Target;
import java.util.List;

/** Finds the target a runtime class belongs to: the first whose type is the class or a supertype. */
final class TargetLookup {
  private TargetLookup() {}

  static Target find(List<Target> targets, Class<?> type) {
    for (Target target : targets) {
      if (isSubtypeOf(type, target.type())) {
        return target;
      }
    }
    return null;
  }

  private static boolean isSubtypeOf(Class<?> type, String name) {
    if (type == null) {
      return false;
    }
    if (type.getName().equals(name)) {
      return true;
    }
    for (Class<?> implemented : type.getInterfaces()) {
      if (isSubtypeOf(implemented, name)) {
        return true;
      }
    }
    return isSubtypeOf(type.getSuperclass(), name);
  }
}
