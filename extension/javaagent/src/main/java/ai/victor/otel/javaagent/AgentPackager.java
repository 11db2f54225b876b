package ai.victor.otel.javaagent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds {@code victor-otel-javaagent.jar}: the upstream OpenTelemetry javaagent with the
 * victor-otel extension embedded where the agent looks for embedded extensions, {@code
 * extensions/} inside its own jar (upstream's {@code ExtensionClassLoader} loads every jar there
 * with no {@code otel.javaagent.extensions} flag; upstream's {@code examples/extension} builds its
 * "extended agent" the same way).
 *
 * <p>What changes against the upstream jar, and nothing else: the manifest gains two attributes
 * naming the distribution ({@value #VERSION_ATTRIBUTE}, {@value #EXTENSION_ATTRIBUTE}); the
 * extension jar is added under {@code extensions/}. Every upstream entry keeps its name, order,
 * content and comment, so the agent finds its {@code inst/} classes and its own version exactly as
 * in the jar it came from.
 *
 * <p>Reproducible by construction: entries are written in a fixed order (upstream's, then ours),
 * every entry gets the one timestamp given (Maven's {@code project.build.outputTimestamp}) as a
 * UTC DOS time with no extended-time field, and nothing depends on the clock, the time zone, the
 * user or the file system's listing order. The deflate output depends on the JDK's zlib, so two
 * builds on the same JDK give the same bytes.
 */
public final class AgentPackager {
  static final String VERSION_ATTRIBUTE = "Victor-Otel-Version";
  static final String EXTENSION_ATTRIBUTE = "Victor-Otel-Extension";
  static final String EXTENSIONS_DIRECTORY = "extensions/";

  private AgentPackager() {}

  /**
   * {@code AgentPackager <upstream agent jar> <extension jar> <output jar> <output timestamp>
   * <version>}: writes the output jar and {@code <output jar>.sha256} beside it ({@code
   * sha256sum -c} format).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: AgentPackager <upstream agent jar> "
          + "<extension jar> <output jar> <output timestamp, ISO-8601 instant> <version>");
    }
    Path output = Path.of(args[2]);
    String sha256 = pack(Path.of(args[0]), Path.of(args[1]), output, Instant.parse(args[3]),
        args[4]);
    System.out.println("victor-otel-javaagent: " + output + " sha256 " + sha256);
  }

  /** Writes the distribution and its {@code .sha256} file; returns the SHA-256 in hex. */
  public static String pack(Path upstreamAgent, Path extension, Path output, Instant timestamp,
      String version) throws IOException {
    LocalDateTime time = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    String extensionEntry = EXTENSIONS_DIRECTORY + extension.getFileName();
    Files.createDirectories(output.toAbsolutePath().getParent());
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (ZipFile agent = new ZipFile(upstreamAgent.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
      if (agent.getEntry(JarFile.MANIFEST_NAME) == null) {
        throw new IOException(upstreamAgent + " has no " + JarFile.MANIFEST_NAME);
      }
      Enumeration<? extends ZipEntry> entries = agent.entries();
      boolean directoryPresent = false;
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(EXTENSIONS_DIRECTORY) && !entry.isDirectory()) {
          throw new IOException(upstreamAgent + " already embeds an extension: " + name);
        }
        directoryPresent |= name.equals(EXTENSIONS_DIRECTORY);
        byte[] content;
        try (InputStream in = agent.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        if (name.equals(JarFile.MANIFEST_NAME)) {
          content = manifest(content, version, extensionEntry);
        }
        write(out, name, content, entry.getComment(), time);
      }
      if (!directoryPresent) {
        write(out, EXTENSIONS_DIRECTORY, new byte[0], null, time);
      }
      write(out, extensionEntry, Files.readAllBytes(extension), null, time);
    }
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
    String sha256 = sha256(output);
    Files.writeString(output.resolveSibling(output.getFileName() + ".sha256"),
        sha256 + "  " + output.getFileName() + "\n", StandardCharsets.UTF_8);
    return sha256;
  }

  /** The upstream manifest with the distribution's attributes added; upstream's are kept. */
  private static byte[] manifest(byte[] upstream, String version, String extensionEntry)
      throws IOException {
    Manifest manifest = new Manifest(new ByteArrayInputStream(upstream));
    Attributes main = manifest.getMainAttributes();
    main.putValue(VERSION_ATTRIBUTE, version);
    main.putValue(EXTENSION_ATTRIBUTE, extensionEntry);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    manifest.write(bytes);
    return bytes.toByteArray();
  }

  private static void write(ZipOutputStream out, String name, byte[] content, String comment,
      LocalDateTime time) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(time);
    if (comment != null) {
      entry.setComment(comment);
    }
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  /** The SHA-256 of a file, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
