package ai.victor.otel.instrumentation.configured;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The methods of one configured target, each with the advice of its role and kind. */
final class ConfiguredTypeInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = ConfiguredTypeInstrumentation.class.getPackage().getName();
  private final Target target;

  ConfiguredTypeInstrumentation(Target target) {
    this.target = target;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(target.type());
  }

  /**
   * The target's type and every class that extends or implements it. One walk of the supertypes
   * per class serves all targets ({@link SuperTypeNames}); checking that the configured methods
   * exist walks the methods only when a class matches.
   */
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    String name = target.type();
    return type -> {
      boolean matches = SuperTypeNames.has(type, name);
      if (matches) {
        TargetMatches.matched(target, type.getName(), methodNames(type));
      }
      return matches;
    };
  }

  @Override
  public void transform(TypeTransformer transformer) {
    switch (target.role()) {
      case CACHE:
        apply(transformer, "get", "CacheAdvice$Lookup");
        apply(transformer, "put", "CacheAdvice$Put");
        apply(transformer, "evict", "CacheAdvice$Eviction");
        apply(transformer, "invalidate", "CacheAdvice$Invalidation");
        break;
      case SELECTOR:
        apply(transformer, "methods", "SelectorAdvice");
        break;
      case PROVIDER:
        apply(transformer, "methods", "ProviderAdvice");
        break;
      case TOOL:
        apply(transformer, "methods", "ToolAdvice");
        break;
      case BOOTSTRAP:
        apply(transformer, "methods", "BootstrapAdvice");
        break;
    }
  }

  private void apply(TypeTransformer transformer, String kind, String advice) {
    List<String> names = target.methods(kind);
    if (!names.isEmpty()) {
      transformer.applyAdviceToMethod(
          isMethod().and(not(isAbstract())).and(namedOneOf(names.toArray(new String[0]))),
          ADVICE + "." + advice);
    }
  }

  private static Set<String> methodNames(TypeDescription type) {
    Set<String> names = new HashSet<>();
    collect(type, names, new HashSet<String>());
    return names;
  }

  private static void collect(TypeDefinition type, Set<String> names, Set<String> seen) {
    if (type == null || !seen.add(type.getTypeName())) {
      return;
    }
    for (MethodDescription method : type.getDeclaredMethods()) {
      if (method.isMethod()) {
        names.add(method.getName());
      }
    }
    for (TypeDescription.Generic implemented : type.getInterfaces()) {
      collect(implemented, names, seen);
    }
    collect(type.getSuperClass(), names, seen);
  }
}
