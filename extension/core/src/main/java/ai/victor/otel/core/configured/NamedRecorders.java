package ai.victor.otel.core.configured;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.config.Target;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The recorder of a configured call, and for targets whose names depend only on the instance,
 * cached per instance so that the names are read once and not per call. The recorders themselves
 * (and the cardinality caps on their names) are {@code Telemetry}'s.
 */
final class NamedRecorders<R> {
  interface Resolver<R> {
    /** The recorder of the names read from the instance alone, or from the arguments too. */
    R recorder(Target target, Object self, Object a0, Object a1, Object a2, Object a3);
  }

  private final Resolver<R> resolver;
  private final Map<Target, WeakIdentityMap<R>> perInstance = new IdentityHashMap<>();
  private final Map<Target, Function<Object, R>> instanceResolvers = new IdentityHashMap<>();

  NamedRecorders(List<Target> targets, Resolver<R> resolver,
      Function<Target, Boolean> isPerInstance) {
    this.resolver = resolver;
    for (Target target : targets) {
      if (isPerInstance.apply(target)) {
        perInstance.put(target, new WeakIdentityMap<R>());
        instanceResolvers.put(target,
            self -> resolver.recorder(target, self, null, null, null, null));
      }
    }
  }

  R get(Target target, Object self, Object a0, Object a1, Object a2, Object a3) {
    WeakIdentityMap<R> instances = self == null ? null : perInstance.get(target);
    if (instances != null) {
      return instances.computeIfAbsent(self, instanceResolvers.get(target));
    }
    return resolver.recorder(target, self, a0, a1, a2, a3);
  }
}
