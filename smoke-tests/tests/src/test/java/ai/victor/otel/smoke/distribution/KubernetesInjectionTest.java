package ai.victor.otel.smoke.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenTelemetry Operator files in collector-config/kubernetes/operator, parsed (no cluster
 * runs here): the Instrumentation resource names the image the Dockerfile builds, that image puts
 * the one jar where the operator's init container copies it from, the exporter reaches the node
 * agent the shipped manifests define, and the example Deployment asks for injection by the
 * resource's name without naming any agent itself.
 */
class KubernetesInjectionTest {
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  private static final Path CONFIG = REPO.resolve("collector-config");
  private static final Path OPERATOR = CONFIG.resolve("kubernetes/operator");

  @Test
  void theInstrumentationInjectsTheImageTheDockerfileBuilds() throws IOException {
    Map<String, Object> instrumentation = single(OPERATOR.resolve("victor-otel-instrumentation.yaml"));
    assertThat(instrumentation).containsEntry("apiVersion", "opentelemetry.io/v1alpha1")
        .containsEntry("kind", "Instrumentation");
    Map<String, Object> spec = map(instrumentation.get("spec"));
    Map<String, Object> java = map(spec.get("java"));
    String dockerfile = Files.readString(OPERATOR.resolve("Dockerfile"));

    // The image: docker build ... -t <image> in the Dockerfile's instructions, named by the resource.
    Matcher tag = Pattern.compile("-t (\\S+) \\.").matcher(dockerfile);
    assertThat(tag.find()).as("the Dockerfile says how to build and tag the image").isTrue();
    assertThat(java.get("image")).isEqualTo(tag.group(1));
    assertThat(tag.group(1)).endsWith(":" + System.getProperty("victor.project.version"));

    // The operator's init container runs `cp /javaagent.jar ...`: busybox, the jar at that path.
    assertThat(dockerfile).containsPattern("(?m)^FROM busybox");
    Matcher copy = Pattern.compile("(?m)^COPY (\\S+) /javaagent\\.jar$").matcher(dockerfile);
    assertThat(copy.find()).as("COPY <jar> /javaagent.jar").isTrue();
    assertThat(REPO.resolve(copy.group(1))).as("the one jar the build writes")
        .isEqualTo(DistributionReproducibilityTest.file("victor.javaagent.jar"));
    assertThat(dockerfile).contains("sha256sum -c").contains("chmod go+r /javaagent.jar");

    // One jar, one flag: nothing asks for a separate extension.
    assertThat(Files.readString(OPERATOR.resolve("victor-otel-instrumentation.yaml")))
        .doesNotContainIgnoringCase("otel.javaagent.extensions")
        .doesNotContain("OTEL_JAVAAGENT_EXTENSIONS");
    assertThat(java).doesNotContainKey("extensions");
  }

  /**
   * Services export to their node's collector agent (the shipped DaemonSet's host port): the
   * endpoint is built from the node's address, set from the pod's status before it is used.
   */
  @Test
  void theExporterReachesTheShippedNodeAgent() throws IOException {
    Map<String, Object> java = map(map(single(OPERATOR.resolve("victor-otel-instrumentation.yaml"))
        .get("spec")).get("java"));
    List<String> names = new ArrayList<>();
    Map<String, Map<String, Object>> env = new java.util.LinkedHashMap<>();
    for (Object variable : (List<?>) java.get("env")) {
      names.add((String) map(variable).get("name"));
      env.put((String) map(variable).get("name"), map(variable));
    }
    Matcher url = Pattern.compile("http://\\$\\((\\w+)\\):(\\d+)")
        .matcher(String.valueOf(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").get("value")));
    assertThat(url.matches()).as("OTEL_EXPORTER_OTLP_ENDPOINT = http://$(NODE_IP):port").isTrue();
    String nodeIp = url.group(1);
    assertThat(names.indexOf(nodeIp)).as(nodeIp + " is set before it is used")
        .isBetween(0, names.indexOf("OTEL_EXPORTER_OTLP_ENDPOINT"));
    assertThat(map(map(env.get(nodeIp).get("valueFrom")).get("fieldRef")))
        .containsEntry("fieldPath", "status.hostIP");
    assertThat(env.get("OTEL_EXPORTER_OTLP_PROTOCOL")).containsEntry("value", "http/protobuf");

    // A DaemonSet of the shipped manifests listens for OTLP/HTTP on that host port.
    boolean found = false;
    for (Map<String, Object> object : manifests(CONFIG.resolve("kubernetes"))) {
      if (!"DaemonSet".equals(object.get("kind"))) {
        continue;
      }
      Map<String, Object> pod = map(map(map(object.get("spec")).get("template")).get("spec"));
      for (Object container : (List<?>) pod.get("containers")) {
        for (Object port : (List<?>) map(container).getOrDefault("ports", List.of())) {
          found |= url.group(2).equals(String.valueOf(map(port).get("hostPort")));
        }
      }
    }
    assertThat(found).as("a DaemonSet with host port " + url.group(2)).isTrue();
  }

  @Test
  void theExampleServiceAsksForInjectionAndNamesNoAgent() throws IOException {
    String name = (String) map(single(OPERATOR.resolve("victor-otel-instrumentation.yaml"))
        .get("metadata")).get("name");
    Map<String, Object> deployment = single(OPERATOR.resolve("instrumented-service.yaml"));
    assertThat(deployment).containsEntry("kind", "Deployment");
    Map<String, Object> template = map(map(deployment.get("spec")).get("template"));
    Map<String, Object> annotations = map(map(template.get("metadata")).get("annotations"));
    assertThat(annotations).containsEntry("instrumentation.opentelemetry.io/inject-java", name);
    List<Map<String, Object>> containers = new ArrayList<>();
    for (Object container : (List<?>) map(template.get("spec")).get("containers")) {
      containers.add(map(container));
    }
    assertThat(containers).extracting(c -> c.get("name"))
        .contains(annotations.get("instrumentation.opentelemetry.io/container-names"));
    String text = Files.readString(OPERATOR.resolve("instrumented-service.yaml"));
    assertThat(text.lines().filter(line -> !line.strip().startsWith("#")))
        .as("the image and command line stay as they are")
        .noneMatch(line -> line.contains("javaagent") || line.contains("JAVA_TOOL_OPTIONS"));
    // Spring Boot's web server writes to java.io.tmpdir: a read-only root needs /tmp.
    for (Map<String, Object> container : containers) {
      if (Boolean.TRUE.equals(map(container.getOrDefault("securityContext", Map.of()))
          .get("readOnlyRootFilesystem"))) {
        assertThat((List<?>) container.get("volumeMounts"))
            .anyMatch(mount -> "/tmp".equals(map(mount).get("mountPath")));
      }
    }
  }

  /** `kubectl apply -k collector-config/` must not need the operator's resource types. */
  @Test
  void theStackKustomizationLeavesTheOperatorFilesOut() throws IOException {
    String kustomization = Files.readString(CONFIG.resolve("kustomization.yaml"));
    assertThat(kustomization).doesNotContain("operator/");
    for (Map<String, Object> object : manifests(CONFIG.resolve("kubernetes"))) {
      assertThat(object.get("kind")).isNotEqualTo("Instrumentation");
    }
  }

  /** The documents of every .yaml file directly in {@code dir}. */
  private static List<Map<String, Object>> manifests(Path dir) throws IOException {
    List<Map<String, Object>> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
          objects.add(map(document));
        }
      }
    }
    return objects;
  }

  private static Map<String, Object> single(Path file) throws IOException {
    List<Object> documents = new ArrayList<>();
    new Yaml().loadAll(Files.readString(file)).forEach(documents::add);
    assertThat(documents).as(file.toString()).hasSize(1);
    return map(documents.get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
