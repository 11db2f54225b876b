package ai.victor.otel.instrumentation.configured;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.TargetMatches;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.ArrayList;
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
  /** Results that complete later, which the span roles end at completion (AsyncSpanAdvice). */
  private static final ElementMatcher.Junction<MethodDescription> ASYNC = returns(hasSuperType(
      namedOneOf("java.util.concurrent.CompletionStage", "reactor.core.publisher.Mono",
          "reactor.core.publisher.Flux")));
  /** Asynchronous results the span roles cannot end at completion: warned about at match time. */
  private static final String[][] UNSUPPORTED_ASYNC = {
    {"io.reactivex.", "an RxJava type"}, {"rx.", "an RxJava type"},
    {"kotlinx.coroutines.", "a Kotlin coroutine type"}, {"io.smallrye.mutiny.", "a Mutiny type"}};
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
        survey(type);
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
      case PROVIDER:
      case TOOL:
      case AGENT:
        // One advice for the span roles; methods whose result completes later end then.
        apply(transformer, "methods", "SpanAdvice", not(ASYNC));
        apply(transformer, "methods", "AsyncSpanAdvice", ASYNC);
        apply(transformer, "chunk-methods", "ChunkAdvice");
        break;
      case BOOTSTRAP:
        apply(transformer, "methods", "BootstrapAdvice");
        break;
    }
  }

  private void apply(TypeTransformer transformer, String kind, String advice) {
    apply(transformer, kind, advice, any());
  }

  private void apply(TypeTransformer transformer, String kind, String advice,
      ElementMatcher<? super MethodDescription> also) {
    List<String> names = target.methods(kind);
    if (!names.isEmpty()) {
      transformer.applyAdviceToMethod(isMethod().and(not(isAbstract()))
              .and(namedOneOf(names.toArray(new String[0]))).and(also),
          ADVICE + "." + advice);
    }
  }

  /**
   * Warns, once per target and method, about what the configuration cannot do for this class: a
   * configured method whose only body is inherited from a class the target's type does not
   * match (advice is woven into matched classes only, so that body is never instrumented), and a
   * span-role method whose result is asynchronous in a way the extension cannot end at
   * completion (a Kotlin {@code suspend} function, RxJava...).
   */
  private void survey(TypeDescription type) {
    for (String kind : target.methods().keySet()) {
      for (String method : target.methods(kind)) {
        List<String> unmatchedBodies = new ArrayList<>();
        boolean woven = false;
        for (TypeDefinition declaring : hierarchy(type)) {
          for (MethodDescription candidate : declaring.getDeclaredMethods()
              .filter(named(method).and(isMethod()))) {
            if (!candidate.isAbstract()) {
              if (isSubtypeOf(declaring, target.type(), new HashSet<String>())) {
                woven = true;
              } else {
                unmatchedBodies.add(declaring.getTypeName());
              }
            }
            String unsupported = unsupportedAsync(candidate);
            if (unsupported != null && target.role() != Role.CACHE) {
              TargetMatches.unsupportedAsync(target, kind, method, type.getName(), unsupported);
            }
          }
        }
        if (!woven && !unmatchedBodies.isEmpty()) {
          TargetMatches.inheritedOnly(target, kind, method, type.getName(), unmatchedBodies.get(0));
        }
      }
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

  /** The class, its superclasses, then the interfaces they implement (default methods). */
  private static List<TypeDefinition> hierarchy(TypeDescription type) {
    List<TypeDefinition> types = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TypeDefinition c = type; c != null; c = c.getSuperClass()) {
      if (seen.add(c.getTypeName())) {
        types.add(c);
      }
    }
    for (int i = 0; i < types.size(); i++) {
      for (TypeDescription.Generic implemented : types.get(i).getInterfaces()) {
        if (seen.add(implemented.getTypeName())) {
          types.add(implemented);
        }
      }
    }
    return types;
  }

  private static boolean isSubtypeOf(TypeDefinition type, String name, Set<String> seen) {
    if (type == null || !seen.add(type.getTypeName())) {
      return false;
    }
    if (type.asErasure().getName().equals(name)) {
      return true;
    }
    for (TypeDescription.Generic implemented : type.getInterfaces()) {
      if (isSubtypeOf(implemented, name, seen)) {
        return true;
      }
    }
    return isSubtypeOf(type.getSuperClass(), name, seen);
  }

  /** What makes the method's result asynchronous in an unsupported way, or null. */
  private static String unsupportedAsync(MethodDescription method) {
    int parameters = method.getParameters().size();
    if (parameters > 0 && method.getParameters().get(parameters - 1).getType().asErasure()
        .getName().equals("kotlin.coroutines.Continuation")) {
      return "a Kotlin suspend function";
    }
    String returned = method.getReturnType().asErasure().getName();
    for (String[] prefix : UNSUPPORTED_ASYNC) {
      if (returned.startsWith(prefix[0])) {
        return "returns " + prefix[1] + " (" + returned + ")";
      }
    }
    return null;
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
