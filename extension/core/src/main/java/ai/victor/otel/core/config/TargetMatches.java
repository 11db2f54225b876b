package ai.victor.otel.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which targets matched a loaded class, so a target naming a class that never loads, or a method
 * the class does not have, is reported once with the setting to fix. Lives in the extension's
 * class loader, where both the type matchers and the metric reader run.
 */
public final class TargetMatches {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static final Set<String> matched = ConcurrentHashMap.newKeySet();
  private static final Set<String> reported = ConcurrentHashMap.newKeySet();

  private TargetMatches() {}

  /**
   * Notes that {@code className} matched {@code target}; {@code methodNames} are the methods of
   * the class and its supertypes. Configured methods missing from them are reported once.
   */
  public static void matched(Target target, String className, Collection<String> methodNames) {
    matched.add(target.id());
    for (String kind : target.methods().keySet()) {
      for (String method : target.methods(kind)) {
        if (!methodNames.contains(method) && reported.add(target.id() + "#" + method)) {
          logger.warning("victor-otel: " + target.key(kind) + " names method '" + method
              + "', but " + className + " (matched by " + target.key("type")
              + ") has no such method: expected one of " + new TreeSet<>(methodNames));
        }
      }
    }
  }

  /**
   * A configured method that {@code className} has only through a class the target's type does
   * not match: advice is woven into matched classes, so that body is never instrumented.
   */
  public static void inheritedOnly(Target target, String kind, String method, String className,
      String declaringClass) {
    if (reported.add(target.id() + "#" + method + "#inherited")) {
      logger.warning("victor-otel: " + target.key(kind) + " names method '" + method + "', but "
          + className + " has it only from " + declaringClass + ", which "
          + target.key("type") + "=" + target.type() + " does not match, so its calls are never"
          + " recorded: expected " + target.key("type") + " to name " + declaringClass
          + " (or a type it implements), or the method to be overridden in a matched class");
    }
  }

  /** A span-role method whose asynchronous result the extension cannot end at completion. */
  public static void unsupportedAsync(Target target, String kind, String method,
      String className, String what) {
    if (reported.add(target.id() + "#" + method + "#async")) {
      logger.warning("victor-otel: " + target.key(kind) + " names method '" + method + "' of "
          + className + ", which is " + what + ": its calls are timed to the method's return and"
          + " accessors on result read what it returns, not what it completes with. Supported"
          + " asynchronous results: CompletionStage/CompletableFuture, Reactor Mono and Flux"
          + " (docs/configuration.md, \"Asynchronous methods\")");
    }
  }

  /** Reports, once each, targets whose type no loaded class has matched yet. */
  public static List<String> reportUnmatched(List<Target> targets, long afterSeconds) {
    List<String> messages = new ArrayList<>();
    for (Target target : targets) {
      if (!matched.contains(target.id()) && reported.add(target.id())) {
        String message = "victor-otel: " + target.key("type") + "=" + target.type()
            + " matched no class loaded in the first " + afterSeconds + " s: expected the fully"
            + " qualified name of a class, interface or superclass the application loads";
        logger.warning(message);
        messages.add(message);
      }
    }
    return messages;
  }
}
