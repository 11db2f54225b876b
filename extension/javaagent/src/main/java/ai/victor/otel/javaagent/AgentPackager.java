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
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds {@code victor-otel-javaagent.jar}: the upstream OpenTelemetry javaagent with the
 * victor-otel extension built in the way the agent carries its own instrumentation (a
 * "distro" build, as upstream's {@code examples/distro}), so that the agent loads it with no
 * {@code otel.javaagent.extensions} flag, no extension jar unpacked to {@code java.io.tmpdir} and
 * no class rewritten at load:
 *
 * <ul>
 *   <li>every class of the extension jar is relocated now with the rules the agent's extension
 *       class loader would apply at load ({@link Relocation}) and stored as {@code
 *       inst/<name>.classdata}, where the agent's own class loader finds its instrumentation;
 *   <li>the extension's {@code META-INF/services} entries are appended to the agent's {@code
 *       inst/META-INF/services} files (a new file where the agent has none), relocated too;
 *   <li>the JVM-wide classes (victor-otel-bootstrap, which the extension jar carries as a nested
 *       jar for {@code BootstrapJar} to append at run time) are stored at the jar's root, which the
 *       agent puts on the bootstrap class path itself, so {@code BootstrapJar} finds them there and
 *       writes nothing;
 *   <li>the manifest gains two attributes naming the distribution ({@value #VERSION_ATTRIBUTE},
 *       {@value #EXTENSION_ATTRIBUTE}: the extension jar it was built from).
 * </ul>
 *
 * Every upstream entry keeps its name, order, content and comment but the services files that
 * gain our lines and the manifest. The extension's Maven metadata ({@code META-INF/maven}) and
 * manifest are left out; anything else it carries becomes an {@code inst/} resource.
 *
 * <p>Reproducible by construction: entries are written in a fixed order (upstream's, then ours
 * in the extension jar's order), every entry gets the one timestamp given (Maven's {@code
 * project.build.outputTimestamp}) as a UTC DOS time with no extended-time field, and nothing
 * depends on the clock, the time zone, the user or the file system's listing order. The deflate
 * output depends on the JDK's zlib, so two builds on the same JDK give the same bytes.
 */
public final class AgentPackager {
  static final String VERSION_ATTRIBUTE = "Victor-Otel-Version";
  static final String EXTENSION_ATTRIBUTE = "Victor-Otel-Extension";
  /** Where the agent stores what its own class loader loads; classes end in {@value #CLASSDATA}. */
  static final String INST = "inst/";
  static final String CLASSDATA = ".classdata";
  static final String SERVICES = "META-INF/services/";
  /** The nested jar of JVM-wide classes inside the extension jar (BootstrapJar.RESOURCE). */
  static final String BOOTSTRAP_JAR = "META-INF/victor-otel/victor-otel-bootstrap.jar";

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
    Contents ours = Contents.read(extension);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (ZipFile agent = new ZipFile(upstreamAgent.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
      if (agent.getEntry(JarFile.MANIFEST_NAME) == null) {
        throw new IOException(upstreamAgent + " has no " + JarFile.MANIFEST_NAME);
      }
      Map<String, byte[]> added = ours.added();
      Map<String, String> services = new LinkedHashMap<>(ours.services);
      Enumeration<? extends ZipEntry> entries = agent.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("extensions/") && !entry.isDirectory()) {
          throw new IOException(upstreamAgent + " already embeds an extension: " + name);
        }
        if (added.containsKey(name)) {
          throw new IOException(extension + " and " + upstreamAgent + " both have " + name);
        }
        byte[] content;
        try (InputStream in = agent.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        if (name.equals(JarFile.MANIFEST_NAME)) {
          content = manifest(content, version, extension.getFileName().toString());
        }
        String lines = services.remove(name);
        if (lines != null) {
          content = appendLines(content, lines);
        }
        write(out, name, content, entry.getComment(), time);
      }
      for (Map.Entry<String, byte[]> entry : added.entrySet()) {
        write(out, entry.getKey(), entry.getValue(), null, time);
      }
      for (Map.Entry<String, String> entry : services.entrySet()) {
        write(out, entry.getKey(), entry.getValue().getBytes(StandardCharsets.UTF_8), null, time);
      }
    }
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
    String sha256 = sha256(output);
    Files.writeString(output.resolveSibling(output.getFileName() + ".sha256"),
        sha256 + "  " + output.getFileName() + "\n", StandardCharsets.UTF_8);
    return sha256;
  }

  /**
   * The extension jar as the one jar stores it: JVM-wide classes at the root, relocated classes
   * and resources under {@code inst/}, and the service lines per {@code inst/} services file, each
   * in the extension jar's order.
   */
  static final class Contents {
    final Map<String, byte[]> bootstrap = new LinkedHashMap<>();
    final Map<String, byte[]> inst = new LinkedHashMap<>();
    final Map<String, String> services = new LinkedHashMap<>();

    static Contents read(Path extension) throws IOException {
      Relocation relocation = new Relocation();
      Contents contents = new Contents();
      try (ZipFile jar = new ZipFile(extension.toFile())) {
        for (ZipEntry entry : Collections.list(jar.entries())) {
          String name = entry.getName();
          if (entry.isDirectory() || name.equals(JarFile.MANIFEST_NAME)
              || name.startsWith("META-INF/maven/")) {
            continue;
          }
          byte[] content;
          try (InputStream in = jar.getInputStream(entry)) {
            content = in.readAllBytes();
          }
          if (name.equals(BOOTSTRAP_JAR)) {
            contents.readBootstrap(content);
          } else if (name.startsWith(SERVICES)) {
            contents.addService(relocation, name.substring(SERVICES.length()), content);
          } else if (name.endsWith(".class")) {
            if (name.startsWith("META-INF/")) {
              throw new IOException("unexpected class in " + extension + ": " + name);
            }
            String internalName = name.substring(0, name.length() - ".class".length());
            contents.put(contents.inst, INST + relocation.map(internalName) + CLASSDATA,
                relocation.relocate(content));
          } else {
            contents.put(contents.inst, INST + name, content);
          }
        }
      }
      if (contents.bootstrap.isEmpty()) {
        throw new IOException(extension + " carries no " + BOOTSTRAP_JAR);
      }
      return contents;
    }

    /** The nested jar's classes, as they are: it is appended unrelocated in the two-jar form. */
    private void readBootstrap(byte[] nestedJar) throws IOException {
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(nestedJar))) {
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
            put(bootstrap, entry.getName(), in.readAllBytes());
          }
        }
      }
    }

    private void addService(Relocation relocation, String service, byte[] content) {
      StringBuilder lines = new StringBuilder();
      for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
        String provider = line.replaceFirst("#.*", "").trim();
        if (!provider.isEmpty()) {
          lines.append(relocation.className(provider)).append('\n');
        }
      }
      services.merge(INST + SERVICES + relocation.className(service), lines.toString(),
          String::concat);
    }

    private static void put(Map<String, byte[]> map, String name, byte[] content)
        throws IOException {
      if (map.put(name, content) != null) {
        throw new IOException("two entries would be " + name);
      }
    }

    /** The entries written after upstream's, bootstrap classes first. */
    Map<String, byte[]> added() {
      Map<String, byte[]> all = new LinkedHashMap<>(bootstrap);
      all.putAll(inst);
      return all;
    }
  }

  /** An upstream services file with our provider lines after its own. */
  private static byte[] appendLines(byte[] upstream, String lines) {
    String text = new String(upstream, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      text += "\n";
    }
    return (text + lines).getBytes(StandardCharsets.UTF_8);
  }

  /** The upstream manifest with the distribution's attributes added; upstream's are kept. */
  private static byte[] manifest(byte[] upstream, String version, String extensionJar)
      throws IOException {
    Manifest manifest = new Manifest(new ByteArrayInputStream(upstream));
    Attributes main = manifest.getMainAttributes();
    main.putValue(VERSION_ATTRIBUTE, version);
    main.putValue(EXTENSION_ATTRIBUTE, extensionJar);
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
