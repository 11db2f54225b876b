package ai.victor.otel.instrumentation.configured;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The methods of one configured target, each with the advice of its role and kind. */
final class ConfiguredTypeInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = ConfiguredTypeInstrumentation.class.getPackage().getName();
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static final Set<String> primitiveLookupsReported = ConcurrentHashMap.newKeySet();
  private final Target target;

  ConfiguredTypeInstrumentation(Target target) {
    this.target = target;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(target.type());
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    ElementMatcher<TypeDescription> matcher = hasSuperType(named(target.type()));
    return type -> {
      boolean matches = matcher.matches(type);
      if (matches) {
        TargetMatches.matched(target, type.getName(), methodNames(type));
        reportPrimitiveLookups(type);
      }
      return matches;
    };
  }

  @Override
  public void transform(TypeTransformer transformer) {
    switch (target.role()) {
      case CACHE:
        // A lookup is a hit or a miss by the value it returns: one returning a primitive
        // (boolean contains, int count) would read as a hit every time, boxed per call.
        List<String> lookups = target.methods("get");
        if (!lookups.isEmpty()) {
          transformer.applyAdviceToMethod(isMethod().and(not(isAbstract()))
              .and(namedOneOf(lookups.toArray(new String[0])))
              .and(not(returns(TypeDescription::isPrimitive))), ADVICE + ".CacheAdvice$Lookup");
        }
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

  /** One WARNING per configured lookup that returns a primitive, which is not instrumented. */
  private void reportPrimitiveLookups(TypeDescription type) {
    List<String> lookups = target.methods("get");
    if (lookups.isEmpty()) {
      return;
    }
    for (MethodDescription method : type.getDeclaredMethods()) {
      if (method.isMethod() && lookups.contains(method.getName())
          && method.getReturnType().asErasure().isPrimitive()
          && primitiveLookupsReported.add(target.id() + "#" + method.getName())) {
        logger.warning("victor-otel: " + target.key("get") + " names method '"
            + method.getName() + "', which returns " + method.getReturnType().asErasure()
            .getName() + " in " + type.getName() + ": a lookup counts as a hit or a miss by the"
            + " value it returns (null or an empty Optional is a miss), so that method is not"
            + " instrumented; name the method that returns the cached value.");
      }
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
