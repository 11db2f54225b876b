package ai.victor.otel.instrumentation.cachelibrary;

import ai.victor.otel.core.CoreClasses;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The base of the cache library modules (Caffeine, Spring cache, JCache): each injects all of
 * core and the helpers of its own package, and only those count as helper classes. There is no
 * muzzle in a Maven build to compute the list; HelperClassesTest (extension/agent) checks it.
 */
public abstract class CacheLibraryModule extends InstrumentationModule {
  private static final String CORE = "ai.victor.otel.core.";
  private final String ownPackage;
  private final List<String> helpers;

  /**
   * {@code helpers}: the simple names of the module's own helper classes, in its package,
   * superclasses before their subclasses.
   */
  protected CacheLibraryModule(String name, String... helpers) {
    super(name);
    ownPackage = getClass().getPackage().getName() + ".";
    List<String> names = new ArrayList<>(CoreClasses.NAMES);
    for (String helper : helpers) {
      names.add(ownPackage + helper);
    }
    this.helpers = Collections.unmodifiableList(names);
  }

  @Override
  public final List<String> getAdditionalHelperClassNames() {
    return helpers;
  }

  @Override
  public final boolean isHelperClass(String className) {
    return className.startsWith(CORE) || className.startsWith(ownPackage);
  }
}
