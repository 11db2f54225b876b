package ai.victor.otel.agent;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.logging.Logger;

/**
 * Puts victor-otel-bootstrap (the JVM-wide state of {@code ai.victor.otel.bootstrap}) on the
 * bootstrap class path, once, before any advice runs: the extension jar carries it as a resource,
 * written to a temporary file and appended with the agent's {@link Instrumentation}. Every copy
 * of core (one per application class loader) and the extension's own class loader then share
 * one copy of those classes, and so one state (docs/decisions.md, "JVM-wide state on the
 * bootstrap class path").
 *
 * <p>Called from the first extension hooks the agent runs ({@link VictorBootstrapPackages},
 * {@link VictorAutoConfiguration}); nothing of the extension touches the bootstrap classes
 * before. If it cannot be done (no writable temporary directory, an agent without {@code
 * InstrumentationHolder}), one WARNING says so and the instrumentation records nothing, since its
 * helpers cannot link; the application is unaffected.
 */
final class BootstrapJar {
  static final String RESOURCE = "/META-INF/victor-otel/victor-otel-bootstrap.jar";
  static final String PROBE = "ai.victor.otel.bootstrap.JvmState";
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static boolean attempted;

  private BootstrapJar() {}

  static synchronized void install() {
    if (attempted) {
      return;
    }
    attempted = true;
    try {
      if (onBootstrapPath()) {
        return;
      }
      Instrumentation instrumentation = (Instrumentation) Class
          .forName("io.opentelemetry.javaagent.bootstrap.InstrumentationHolder", true, null)
          .getMethod("getInstrumentation").invoke(null);
      Path jar = Files.createTempFile("victor-otel-bootstrap", ".jar");
      jar.toFile().deleteOnExit();
      try (InputStream in = BootstrapJar.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the extension jar");
        }
        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
      }
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
      if (!onBootstrapPath()) {
        throw new IllegalStateException("appended " + jar + ", but " + PROBE + " does not load");
      }
    } catch (Throwable t) {
      logger.warning("victor-otel: could not put its JVM-wide state on the bootstrap class path ("
          + t + "); the extension records nothing in this JVM. The application is not affected.");
    }
  }

  private static boolean onBootstrapPath() {
    try {
      Class.forName(PROBE, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
