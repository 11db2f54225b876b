package ai.victor.otel.smoke.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real pipeline programs (Debian's Prometheus, Alertmanager, promtool, amtool and the collector built by
 * {@code collector-config/build-collector.sh}) and runs the command-line checks. A missing program fails the test
 * with the command that provides it: these tests must never pass by not running.
 */
final class PipelineTools {

  static final Path REPO = Paths.get("../..").toAbsolutePath().normalize();
  static final Path ASSETS = REPO.resolve("collector-config");
  private static final String APT = "apt-get install -y prometheus prometheus-alertmanager (as .ci/run does)";

  private PipelineTools() {}

  static Path promtool() {
    return onPath("promtool", APT);
  }

  static Path amtool() {
    return onPath("amtool", APT);
  }

  static Path prometheus() {
    return onPath("prometheus", APT);
  }

  /** Debian names the binary {@code prometheus-alertmanager}; upstream archives name it {@code alertmanager}. */
  static Path alertmanager() {
    Path debian = find("prometheus-alertmanager");
    return debian != null ? debian : onPath("alertmanager", APT);
  }

  /** The collector binary, if build-collector.sh has built it for the current manifest. */
  static Path collector() {
    Result check = run(Duration.ofSeconds(30), "bash", ASSETS.resolve("build-collector.sh").toString(), "--check");
    if (check.exitCode() != 0) {
      throw new AssertionError("The OpenTelemetry Collector is not built: run collector-config/build-collector.sh"
          + " (needs Go; a few minutes once, cached outside the repository). " + check.output().strip());
    }
    return Paths.get(check.output().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  /** The exit code and merged output of a finished command. */
  record Result(int exitCode, String output) {}

  /** Runs a command to completion in {@link #ASSETS}, failing the test if it outlives {@code timeout}. */
  static Result run(Duration timeout, String... command) {
    return run(Map.of(), timeout, command);
  }

  /** As {@link #run(Duration, String...)}, with {@code env} added to the environment. */
  static Result run(Map<String, String> env, Duration timeout, String... command) {
    try {
      Path out = Files.createTempFile("pipeline-tool", ".log");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ASSETS.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + Arrays.toString(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command that must succeed; returns its output. */
  static String check(String... command) {
    return check(Map.of(), command);
  }

  /** As {@link #check(String...)}, with {@code env} added to the environment. */
  static String check(Map<String, String> env, String... command) {
    Result result = run(env, Duration.ofSeconds(60), command);
    if (result.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
    }
    return result.output();
  }

  private static Path onPath(String name, String install) {
    Path found = find(name);
    if (found == null) {
      throw new AssertionError(name + " is not on PATH: run " + install);
    }
    return found;
  }

  private static Path find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
