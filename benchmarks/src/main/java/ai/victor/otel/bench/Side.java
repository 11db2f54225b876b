package ai.victor.otel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The three JVMs every per-call cost is measured in. All three get the same heap and the same
 * {@code victor.otel.*} settings; the two agent sides export through the same real SDK pipeline
 * (batch span processor, periodic metric reader every 60 s) into discarding exporters. Only the
 * extension jar differs between them, so their difference is the extension's cost.
 */
public enum Side {
  NONE("no agent"),
  AGENT("agent alone"),
  EXTENSION("agent + extension");

  /** System property telling a fork which side it is, checked by {@link Instrumented}. */
  public static final String PROPERTY = "victor.bench.side";

  private final String title;

  Side(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** The JVM options of a fork of this side. */
  public List<String> jvmArgs(Jars jars) {
    List<String> args = new ArrayList<>();
    args.add("-Xms512m");
    args.add("-Xmx512m");
    args.add("-D" + PROPERTY + "=" + name());
    if (this != NONE) {
      args.add("-javaagent:" + jars.agent());
      String extensions = jars.exporters().toString();
      if (this == EXTENSION) {
        extensions += "," + jars.extension();
      }
      args.add("-Dotel.javaagent.extensions=" + extensions);
      args.add("-Dotel.service.name=victor-bench");
      args.add("-Dotel.traces.exporter=discard");
      args.add("-Dotel.metrics.exporter=discard");
      args.add("-Dotel.logs.exporter=none");
      args.add("-Dotel.metric.export.interval=60000");
    }
    targets().forEach((key, value) -> args.add("-D" + key + "=" + value));
    return args;
  }

  /** The benchmark targets' settings ({@code targets.properties}), sorted for stable command lines. */
  public static TreeMap<String, String> targets() {
    Properties properties = new Properties();
    try (InputStream in = Side.class.getResourceAsStream("targets.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> sorted.put(key, properties.getProperty(key)));
    return sorted;
  }

  /**
   * Where the agent, the extension and the discard exporters are: system properties
   * {@code victor.agent.jar}, {@code victor.extension.jar}, {@code victor.exporters.jar}, by
   * default the files the Maven build leaves beside {@code benchmarks/target/benchmarks.jar}.
   */
  public record Jars(Path agent, Path extension, Path exporters) {
    public static Jars fromBuild() {
      Path target = buildTarget();
      Path root = target.getParent().getParent();
      return new Jars(
          file("victor.agent.jar", target.resolve("agent/opentelemetry-javaagent.jar")),
          file("victor.extension.jar",
              root.resolve("extension/agent/target/victor-otel-extension-0.1.0-SNAPSHOT.jar")),
          file("victor.exporters.jar", target.resolve("discard-exporters.jar")));
    }

    private static Path buildTarget() {
      try {
        // target/benchmarks.jar or target/classes: either way, target is the parent.
        Path code = Path.of(Side.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.toAbsolutePath().getParent();
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Path file(String property, Path fallback) {
      String value = System.getProperty(property);
      Path path = (value == null || value.isBlank() ? fallback : Path.of(value)).toAbsolutePath()
          .normalize();
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException(property + " = " + path
            + " does not exist; build first: mvn -B package -pl benchmarks -am -DskipTests");
      }
      return path;
    }
  }
}
