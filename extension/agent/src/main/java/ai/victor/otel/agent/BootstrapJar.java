package ai.victor.otel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
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
 *
 * <p>The file is not made by {@code Files.createTempFile}: its first use in a JVM builds and seeds
 * a {@code SecureRandom} of its own for the name, the largest item of the extension's own premain
 * code in a start-up profile (docs/performance.md, G4; the seeding itself the agent does later
 * anyway). {@link #write} names the file from the clock and creates it exclusively ({@code
 * CREATE_NEW}, so an existing file or link of that name is never opened: it tries the next name),
 * readable and writable by the owner only, as createTempFile does. The file is deleted as soon as
 * the JVM has opened it ({@link #remove}).
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
      Path jar;
      try (InputStream in = BootstrapJar.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the extension jar");
        }
        jar = write(in, Paths.get(System.getProperty("java.io.tmpdir")), System.nanoTime());
      }
      try {
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        if (!onBootstrapPath()) {
          throw new IllegalStateException("appended " + jar + ", but " + PROBE + " does not load");
        }
      } finally {
        remove(jar);
      }
    } catch (Throwable t) {
      logger.warning("victor-otel: could not put its JVM-wide state on the bootstrap class path ("
          + t + "); the extension records nothing in this JVM. The application is not affected.");
    }
  }

  /**
   * Copies {@code in} to a new file {@code victor-otel-bootstrap-<hex of stamp>.jar} in {@code
   * directory}, created exclusively and, where the file system has POSIX permissions, owner-only;
   * if that name exists, the next stamp, up to 100 times.
   */
  static Path write(InputStream in, Path directory, long stamp) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] ownerOnly = {PosixFilePermissions.asFileAttribute(
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
    for (int attempt = 0; ; attempt++) {
      Path file = directory.resolve(
          "victor-otel-bootstrap-" + Long.toHexString(stamp + attempt) + ".jar");
      SeekableByteChannel channel;
      try {
        channel = Files.newByteChannel(file, options, ownerOnly);
      } catch (UnsupportedOperationException notPosix) {
        ownerOnly = new FileAttribute<?>[0];
        attempt--;
        continue;
      } catch (FileAlreadyExistsException taken) {
        if (attempt >= 100) {
          throw taken;
        }
        continue;
      }
      try (OutputStream out = Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return file;
    }
  }

  /**
   * Deletes the file at once: the JVM opened it when it was appended and reads the classes it
   * loads later through that open file, so nothing is left behind in the temporary directory even
   * when the JVM is killed, and no {@code deleteOnExit} hook is set up. Where an open file cannot
   * be deleted (Windows), it is deleted at exit instead.
   */
  static void remove(Path jar) {
    try {
      Files.delete(jar);
    } catch (IOException | RuntimeException inUse) {
      jar.toFile().deleteOnExit();
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
