package ai.victor.otel.bench;

import java.lang.reflect.Field;

/**
 * Checks, at the end of each fork, that the fork ran on the side it was meant to: a benchmark
 * whose target silently stopped matching (a renamed class, a broken setting) would otherwise
 * measure the bare call and report a reassuring zero.
 */
public final class Instrumented {
  private static final String AGENT_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  private Instrumented() {}

  /**
   * @param recorderClass the extension's class whose {@code instance()} the role's advice calls,
   *     e.g. {@code ai.victor.otel.core.configured.CacheCalls}
   * @param caller a class of the benchmark, whose class loader the agent injects helpers into
   * @throws IllegalStateException when the fork is not what {@link Side#PROPERTY} says
   */
  public static void check(String recorderClass, Class<?> caller) {
    String property = System.getProperty(Side.PROPERTY);
    if (property == null) {
      return; // run by hand with plain JMH options: nothing to compare against
    }
    Side side = Side.valueOf(property);
    boolean agent = loadable(AGENT_CLASS, null);
    if (agent != (side != Side.NONE)) {
      throw new IllegalStateException(side + " fork, but the agent is " + (agent ? "" : "not ")
          + "attached");
    }
    boolean advised = adviceRan(recorderClass, caller.getClassLoader());
    if (advised != (side == Side.EXTENSION)) {
      throw new IllegalStateException(side + " fork, but the extension's advice "
          + (advised ? "ran" : "did not run") + " (" + recorderClass + ")");
    }
  }

  /**
   * The same check for a cache of a cache library ({@code ai.victor.otel.core.library}): on the
   * extension side the instance must be one that the library modules count.
   *
   * @param cache the library's cache instance the benchmark calls
   * @param caller a class of the benchmark, whose class loader the agent injects helpers into
   */
  public static void checkLibrary(Object cache, Class<?> caller) {
    String property = System.getProperty(Side.PROPERTY);
    if (property == null) {
      return;
    }
    Side side = Side.valueOf(property);
    boolean agent = loadable(AGENT_CLASS, null);
    if (agent != (side != Side.NONE)) {
      throw new IllegalStateException(side + " fork, but the agent is " + (agent ? "" : "not ")
          + "attached");
    }
    boolean counted = libraryCounted(cache, caller.getClassLoader());
    if (counted != (side == Side.EXTENSION)) {
      throw new IllegalStateException(side + " fork, but the extension "
          + (counted ? "counts " : "does not count ") + cache.getClass().getName());
    }
  }

  /**
   * True when the library modules attached a counted cache to the instance: {@code
   * LibraryCaches.find(cache).recorder()} is not null.
   */
  static boolean libraryCounted(Object cache, ClassLoader loader) {
    try {
      Class<?> caches = Class.forName("ai.victor.otel.core.library.LibraryCaches", false, loader);
      Object library = caches.getMethod("find", Object.class).invoke(null, cache);
      return library.getClass().getMethod("recorder").invoke(library) != null;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot inspect the library cache of " + cache, e);
    }
  }

  /**
   * True when the agent injected the helper into the loader and the advice created its instance:
   * each recorder class keeps it in a static field {@code global}, set on the first call.
   */
  static boolean adviceRan(String recorderClass, ClassLoader loader) {
    try {
      Class<?> type = Class.forName(recorderClass, false, loader);
      Field global = type.getDeclaredField("global");
      global.setAccessible(true);
      return global.get(null) != null;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot inspect " + recorderClass, e);
    }
  }

  private static boolean loadable(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
