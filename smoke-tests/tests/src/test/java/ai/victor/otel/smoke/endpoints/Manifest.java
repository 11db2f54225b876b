package ai.victor.otel.smoke.endpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests take from collector-config/k8s/sample-agent-probes.yaml: the container's
 * environment and the probes' paths. Read line by line (the file is ours and plainly laid out),
 * so the smoke tests need no YAML library.
 */
final class Manifest {
  private final List<String> lines;

  private Manifest(List<String> lines) {
    this.lines = lines;
  }

  static Manifest load() {
    Path file = Path.of("../../collector-config/k8s/sample-agent-probes.yaml");
    try {
      return new Manifest(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  /** {@code - name: X} followed by {@code value: "v"} entries, in order. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String name = lines.get(i).trim();
      String value = lines.get(i + 1).trim();
      if (name.startsWith("- name: ") && value.startsWith("value: ")) {
        env.put(name.substring(8).trim(), unquote(value.substring(7).trim()));
      }
    }
    return env;
  }

  /** The {@code httpGet.path} of a probe ({@code readinessProbe}, ...). */
  String probePath(String probe) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(probe + ":")) {
        for (int j = i + 1; j < lines.size(); j++) {
          String line = lines.get(j).trim();
          if (line.startsWith("path: ")) {
            return line.substring(6).trim();
          }
        }
      }
    }
    throw new AssertionError("no " + probe + " with a path in the manifest");
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }
}
