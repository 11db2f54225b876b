package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.BoundedValues;
import ai.victor.otel.core.recording.InstanceTable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Recorders by name, with the name cardinality-bounded, and for names that depend only on the
 * instance, cached per instance so that the name is read once and not per call.
 */
final class NamedRecorders<R> {
  interface Resolver<R> {
    /** The recorder's key read from the instance alone, or from the call's arguments too. */
    String name(Target target, Object self, Object a0, Object a1, Object a2, Object a3);
  }

  private final BoundedValues names;
  private final Function<String, R> factory;
  private final Resolver<R> resolver;
  private final Map<String, R> byName = new ConcurrentHashMap<>();
  private final Map<Target, InstanceTable<R>> perInstance = new IdentityHashMap<>();
  private final Map<Target, Function<Object, R>> instanceResolvers = new IdentityHashMap<>();

  NamedRecorders(List<Target> targets, BoundedValues names, Resolver<R> resolver,
      Function<String, R> factory, Function<Target, Boolean> isPerInstance) {
    this.names = names;
    this.factory = factory;
    this.resolver = resolver;
    for (Target target : targets) {
      if (isPerInstance.apply(target)) {
        perInstance.put(target, new InstanceTable<R>(65_536));
        instanceResolvers.put(target,
            self -> byName(resolver.name(target, self, null, null, null, null)));
      }
    }
  }

  R get(Target target, Object self, Object a0, Object a1, Object a2, Object a3) {
    InstanceTable<R> table = self == null ? null : perInstance.get(target);
    if (table != null) {
      return table.get(self, instanceResolvers.get(target));
    }
    return byName(resolver.name(target, self, a0, a1, a2, a3));
  }

  private R byName(String name) {
    String bounded = names.bound(name);
    R recorder = byName.get(bounded);
    return recorder != null ? recorder : byName.computeIfAbsent(bounded, factory);
  }
}
