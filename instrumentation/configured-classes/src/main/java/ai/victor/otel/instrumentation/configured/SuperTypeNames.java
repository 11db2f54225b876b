package ai.victor.otel.instrumentation.configured;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The names of a type and of all its superclasses and interfaces, walked once per type for all
 * configured targets.
 *
 * <p>Why: the agent asks every target's type matcher about every class loaded by a class loader
 * that has the target's type. With one {@code hasSuperType} walk per target, a class was walked
 * once per target (seven times for the sample's configuration), each walk resolving the same
 * superclasses and interfaces; this walks it once and answers each target with a set lookup. The
 * agent hands the same {@link TypeDescription} to every transformation's matcher for one class,
 * so the last type and its names are kept per thread, the type weakly (it holds its class
 * loader's type pool).
 *
 * <p>Like the agent's own {@code hasSuperType}, a supertype that cannot be resolved (absent from
 * the class path) ends that branch of the walk instead of failing the match.
 */
final class SuperTypeNames {
  private static final ThreadLocal<Last> last = new ThreadLocal<>();

  private SuperTypeNames() {}

  /** True if {@code type}, one of its superclasses or one of its interfaces is named {@code name}. */
  static boolean has(TypeDescription type, String name) {
    return of(type).contains(name);
  }

  static Set<String> of(TypeDescription type) {
    Last cached = last.get();
    if (cached != null && cached.type.get() == type) {
      return cached.names;
    }
    Set<String> names = walk(type);
    last.set(new Last(type, names));
    return names;
  }

  private static Set<String> walk(TypeDescription type) {
    Set<String> names = new HashSet<>();
    Deque<TypeDefinition> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition current = pending.poll();
      String name;
      try {
        name = current.asErasure().getName();
      } catch (Throwable unresolvable) {
        continue;
      }
      if (!names.add(name)) {
        continue; // an interface reached twice
      }
      try {
        TypeDefinition superClass = current.getSuperClass();
        if (superClass != null) {
          pending.add(superClass);
        }
      } catch (Throwable unresolvable) {
        // the superclass is not on the class path: its branch ends here
      }
      try {
        for (TypeDefinition implemented : current.getInterfaces()) {
          pending.add(implemented);
        }
      } catch (Throwable unresolvable) {
        // an interface is not on the class path: the others found so far still count
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private static final class Last {
    final WeakReference<TypeDescription> type;
    final Set<String> names;

    Last(TypeDescription type, Set<String> names) {
      this.type = new WeakReference<>(type);
      this.names = names;
    }
  }
}
