package ai.victor.otel.smoke.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.javaagent.AgentPackager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * victor-otel-javaagent.jar as Maven built it (extension/javaagent): packaging the same inputs
 * again, twice, into other folders gives the same bytes; it is the upstream agent unchanged plus
 * the classes of the extension jar the two-jar form uses (itself built with fixed entry times),
 * relocated into the agent's {@code inst/} tree exactly as the agent would relocate them at load;
 * the SHA-256 file and the SBOM describe it. Cheap: no second Maven build, one repackaging and
 * one remapping of ~350 classes (seconds).
 */
class DistributionReproducibilityTest {
  private final Path upstream = file("victor.agent.jar");
  private final Path extension = file("victor.extension.jar");
  private final Path built = file("victor.javaagent.jar");
  private final Instant timestamp = Instant.parse(System.getProperty("victor.build.output-timestamp"));

  /** The second build of the same inputs, in another folder, against the one Maven made. */
  @Test
  void packagingTheSameInputsAgainGivesTheSameBytes(@TempDir Path elsewhere) throws IOException {
    String version = manifest(built).getValue("Victor-Otel-Version");
    String again = AgentPackager.pack(upstream, extension, elsewhere.resolve(built.getFileName()),
        timestamp, version);

    assertThat(again).isEqualTo(AgentPackager.sha256(built));
    assertThat(Files.readAllBytes(elsewhere.resolve(built.getFileName())))
        .isEqualTo(Files.readAllBytes(built));
    assertThat(Files.readString(built.resolveSibling(built.getFileName() + ".sha256")))
        .isEqualTo(again + "  victor-otel-javaagent.jar\n");
    assertThat(Files.readString(elsewhere.resolve("victor-otel-javaagent.jar.sha256")))
        .isEqualTo(again + "  victor-otel-javaagent.jar\n");
  }

  /**
   * Upstream's entries unchanged, in upstream's order (but the manifest and the services files
   * that gain our lines), then ours; no {@code extensions/} entry for the agent to unpack.
   */
  @Test
  void itIsTheUpstreamAgentWithTheExtensionBuiltIn() throws IOException {
    LocalDateTime fixed = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    try (ZipFile agent = new ZipFile(upstream.toFile()); ZipFile dist = new ZipFile(built.toFile())) {
      List<String> upstreamNames = names(agent);
      List<String> distNames = names(dist);
      assertThat(distNames.subList(0, upstreamNames.size())).as("upstream's entries first")
          .containsExactlyElementsOf(upstreamNames);
      assertThat(distNames).as("nothing for the agent to unpack and load as an extension")
          .noneMatch(name -> name.startsWith("extensions/"));
      for (String name : upstreamNames) {
        if (name.startsWith("inst/META-INF/services/")) {
          assertThat(new String(bytes(dist, name), StandardCharsets.UTF_8)).as(name)
              .startsWith(new String(bytes(agent, name), StandardCharsets.UTF_8));
        } else if (!name.equals(JarFile.MANIFEST_NAME)) {
          assertThat(bytes(dist, name)).as(name).isEqualTo(bytes(agent, name));
        }
      }
      assertThat(distNames.subList(upstreamNames.size(), distNames.size())).as("ours")
          .allMatch(name -> name.startsWith("inst/") || name.startsWith("ai/victor/otel/bootstrap/"))
          .noneMatch(name -> name.endsWith("/"));
      for (ZipEntry entry : Collections.list(dist.entries())) {
        assertThat(entry.getTimeLocal()).as(entry.getName()).isEqualTo(fixed);
      }
    }
    Attributes upstreamManifest = manifest(upstream);
    Attributes distManifest = manifest(built);
    for (Object key : upstreamManifest.keySet()) {
      assertThat(distManifest.get(key)).as(key.toString()).isEqualTo(upstreamManifest.get(key));
    }
    assertThat(distManifest.getValue("Premain-Class"))
        .isEqualTo("io.opentelemetry.javaagent.OpenTelemetryAgent");
    assertThat(distManifest.getValue("Victor-Otel-Extension"))
        .isEqualTo(extension.getFileName().toString());
    assertThat(distManifest.getValue("Victor-Otel-Version")).isNotBlank();
  }

  /**
   * Every class of the extension jar is in the agent's {@code inst/} tree as exactly the bytes the
   * agent's own extension class loader would define from the extension jar: its {@code
   * RemappingUrlConnection}, loaded from the upstream jar here, applied to the same class file.
   * So nothing of ours is left for the agent's remapper. The JVM-wide classes are at the root as
   * the two-jar form appends them, and every service line of ours is in the agent's files.
   */
  @Test
  void everyExtensionClassIsInTheAgentsTreeAsTheAgentWouldRelocateIt() throws Exception {
    try (ZipFile dist = new ZipFile(built.toFile()); JarFile ours = new JarFile(extension.toFile());
        ZipFile agent = new ZipFile(upstream.toFile());
        AgentClasses agentClasses = new AgentClasses(agent)) {
      Constructor<?> remapping = agentClasses
          .loadClass("io.opentelemetry.javaagent.tooling.RemappingUrlConnection")
          .getConstructor(URL.class, JarFile.class, JarEntry.class);
      int classes = 0;
      for (JarEntry entry : Collections.list(ours.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class")) {
          String stored = "inst/" + name.substring(0, name.length() - ".class".length()) + ".classdata";
          assertThat(dist.getEntry(stored)).as(stored).isNotNull();
          URLConnection agentWouldRead = (URLConnection) remapping.newInstance(
              extension.toUri().toURL(), ours, entry);
          try (InputStream in = agentWouldRead.getInputStream()) {
            assertThat(bytes(dist, stored)).as(stored).isEqualTo(in.readAllBytes());
          }
          classes++;
        } else if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
          List<String> merged = Arrays.asList(new String(bytes(dist, "inst/" + name),
              StandardCharsets.UTF_8).split("\n"));
          for (String provider : new String(bytes(ours, name), StandardCharsets.UTF_8).split("\n")) {
            assertThat(merged).as("inst/" + name).contains(provider.trim());
          }
        }
      }
      assertThat(classes).as("classes of the extension jar").isGreaterThan(300);
      try (ZipInputStream bootstrap = new ZipInputStream(new ByteArrayInputStream(
          bytes(ours, "META-INF/victor-otel/victor-otel-bootstrap.jar")))) {
        int count = 0;
        for (ZipEntry entry = bootstrap.getNextEntry(); entry != null; entry = bootstrap.getNextEntry()) {
          if (entry.getName().endsWith(".class")) {
            assertThat(bytes(dist, entry.getName())).as(entry.getName())
                .isEqualTo(bootstrap.readAllBytes());
            count++;
          }
        }
        assertThat(count).as("JVM-wide classes").isPositive();
      }
    }
  }

  /**
   * The upstream agent's own classes, loaded the way its class loader does (from {@code
   * inst/*.classdata}, or the jar's root for its bootstrap classes), for its remapper alone.
   */
  private static final class AgentClasses extends ClassLoader implements AutoCloseable {
    private final ZipFile agent;

    AgentClasses(ZipFile agent) {
      super(null);
      this.agent = agent;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String path = name.replace('.', '/');
      ZipEntry entry = agent.getEntry("inst/" + path + ".classdata");
      if (entry == null) {
        entry = agent.getEntry(path + ".class");
      }
      if (entry == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = agent.getInputStream(entry)) {
        byte[] content = in.readAllBytes();
        return defineClass(name, content, 0, content.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }

    @Override
    public void close() {}
  }

  /** The extension jar is reproducible too: shade writes the build's fixed time on every entry. */
  @Test
  void theExtensionJarCarriesTheFixedTime() throws IOException {
    LocalDateTime fixed = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    try (ZipFile jar = new ZipFile(extension.toFile())) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        // plexus-archiver stores the time in the build's zone offset; the date is what it keeps
        assertThat(entry.getTimeLocal().toLocalDate()).as(entry.getName())
            .isBetween(fixed.toLocalDate().minusDays(1), fixed.toLocalDate().plusDays(1));
      }
    }
  }

  @Test
  void theSbomListsWhatTheJarContains() throws IOException {
    Path sbom = built.resolveSibling("victor-otel-javaagent.cdx.json");
    assertThat(sbom).as("the CycloneDX plugin skips the SBOM when Maven runs offline (-o): "
        + "build extension/javaagent online").isRegularFile();
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> bom =
        (java.util.Map<String, Object>) new Yaml().load(Files.readString(sbom, StandardCharsets.UTF_8));
    assertThat(bom).containsEntry("bomFormat", "CycloneDX");
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> components =
        (List<java.util.Map<String, Object>>) bom.get("components");
    List<String> coordinates = new ArrayList<>();
    for (java.util.Map<String, Object> component : components) {
      coordinates.add(component.get("group") + ":" + component.get("name") + ":"
          + component.get("version"));
    }
    assertThat(coordinates).contains("io.opentelemetry.javaagent:opentelemetry-javaagent:"
        + manifest(upstream).getValue("Implementation-Version"));
    assertThat(coordinates).anyMatch(c -> c.startsWith("ai.victor.otel:victor-otel-extension:"));
    assertThat(coordinates).anyMatch(c -> c.startsWith("ai.victor.otel:victor-otel-core:"));
  }

  private static List<String> names(ZipFile zip) {
    List<String> names = new ArrayList<>();
    for (ZipEntry entry : Collections.list(zip.entries())) {
      names.add(entry.getName());
    }
    return names;
  }

  private static byte[] bytes(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  private static Attributes manifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest.getMainAttributes();
    }
  }

  static Path file(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property " + property + " (set by Surefire)").isNotBlank();
    Path path = Path.of(value).toAbsolutePath().normalize();
    assertThat(path).as(property + ": build the module first").isRegularFile();
    return path;
  }
}
