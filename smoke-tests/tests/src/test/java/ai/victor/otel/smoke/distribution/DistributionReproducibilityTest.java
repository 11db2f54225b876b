package ai.victor.otel.smoke.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.javaagent.AgentPackager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * victor-otel-javaagent.jar as Maven built it (extension/javaagent): packaging the same inputs
 * again, twice, into other folders gives the same bytes; it is the upstream agent unchanged plus
 * the extension under {@code extensions/}; the extension jar inside is the one the two-jar form
 * uses, itself built with fixed entry times; the SHA-256 file and the SBOM describe it. Cheap:
 * no second Maven build, one repackaging (seconds).
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

  @Test
  void itIsTheUpstreamAgentWithTheExtensionEmbedded() throws IOException {
    LocalDateTime fixed = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    try (ZipFile agent = new ZipFile(upstream.toFile()); ZipFile dist = new ZipFile(built.toFile())) {
      List<String> upstreamNames = names(agent);
      List<String> distNames = names(dist);
      String embedded = "extensions/" + extension.getFileName();
      assertThat(distNames).as("upstream's entries, in upstream's order, then the extension")
          .containsExactlyElementsOf(concat(upstreamNames, List.of("extensions/", embedded)));
      for (String name : upstreamNames) {
        if (!name.equals(JarFile.MANIFEST_NAME)) {
          assertThat(bytes(dist, name)).as(name).isEqualTo(bytes(agent, name));
        }
      }
      assertThat(bytes(dist, embedded)).as("the same extension jar as the two-jar form's")
          .isEqualTo(Files.readAllBytes(extension));
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
        .isEqualTo("extensions/" + extension.getFileName());
    assertThat(distManifest.getValue("Victor-Otel-Version")).isNotBlank();
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

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
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
