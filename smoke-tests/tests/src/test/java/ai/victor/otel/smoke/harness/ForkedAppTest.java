package ai.victor.otel.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedAppTest {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** Stands in for the sample app: announces a port, then runs until killed. */
  public static final class Listening {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("starting");
      System.out.println("LISTENING port=1234");
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  /** Starts a {@link Listening} child, so that closing must end a whole process tree. */
  public static final class WithChild {
    public static void main(String[] args) throws Exception {
      Process child =
          new ProcessBuilder(javaExecutable(), "-cp", testClasses(), Listening.class.getName())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      System.out.println("CHILD pid=" + child.pid());
      System.out.println("LISTENING port=4321");
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  /** Fails at startup, as the sample app would with a broken agent configuration. */
  public static final class FailsEarly {
    public static void main(String[] args) {
      System.out.println("booting");
      System.err.println("Exception in thread main: boom");
      System.exit(3);
    }
  }

  @Test
  void awaitsThePortAndKillsTheProcessOnClose() throws IOException {
    ProcessHandle handle;
    try (ForkedApp app = helper("listening", Listening.class).start()) {
      handle = app.handle();
      assertThat(app.awaitPort(START_TIMEOUT)).isEqualTo(1234);
      assertThat(app.logLines()).containsExactly("starting", "LISTENING port=1234");
      assertThat(app.awaitLine(line -> line.startsWith("start"), Duration.ofSeconds(1))).isEqualTo("starting");
      assertThat(Files.readAllLines(app.logFile()))
          .first()
          .asString()
          .startsWith("$ ")
          .contains(Listening.class.getName());
      assertThat(app.logFile().getFileName().toString()).matches("listening-\\d{8}-\\d{6}-\\d{3}\\.log");
      assertThat(handle.isAlive()).isTrue();
    }
    assertThat(handle.isAlive()).isFalse();
  }

  @Test
  void closeEndsTheWholeProcessTree() {
    ProcessHandle parent;
    ProcessHandle child;
    try (ForkedApp app = helper("with-child", WithChild.class).start()) {
      assertThat(app.awaitPort(START_TIMEOUT)).isEqualTo(4321);
      long childPid =
          Long.parseLong(app.awaitLine(l -> l.startsWith("CHILD pid="), START_TIMEOUT).substring(10));
      parent = app.handle();
      child = ProcessHandle.of(childPid).orElseThrow();
      assertThat(child.isAlive()).isTrue();
    }
    assertThat(parent.isAlive()).isFalse();
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void reportsTheLogTailWhenTheAppDies() {
    try (ForkedApp app = helper("fails-early", FailsEarly.class).start()) {
      assertThatThrownBy(() -> app.awaitPort(START_TIMEOUT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("fails-early ended its output (exit code 3)")
          .hasMessageContaining("booting")
          .hasMessageContaining("boom");
      assertThat(app.waitForExit(START_TIMEOUT)).isEqualTo(3);
    }
  }

  @Test
  void reportsTheLogTailOnTimeout() {
    try (ForkedApp app = helper("silent", Listening.class).start()) {
      app.awaitPort(START_TIMEOUT);
      assertThatThrownBy(() -> app.awaitLine(l -> l.contains("never"), Duration.ofMillis(300)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("within PT0.3S")
          .hasMessageContaining("LISTENING port=1234");
      assertThatThrownBy(() -> app.waitForExit(Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not exit");
    }
  }

  @Test
  void sampleUnderAgentComposesTheAgentCommandLine(@TempDir Path dir) throws IOException {
    Map<String, String> files = new HashMap<>();
    for (String property :
        List.of("victor.agent.jar", "victor.extension.jar", "victor.sample.jar", "victor.sample.config")) {
      files.put(property, Files.createFile(dir.resolve(property)).toString());
    }
    Map<String, String> saved = new HashMap<>();
    files.keySet().forEach(p -> saved.put(p, System.getProperty(p)));
    files.forEach(System::setProperty);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      List<String> command =
          ForkedApp.sampleUnderAgent("sample", receiver)
              .systemProperty("otel.metric.export.interval", "500")
              .systemProperty("otel.metrics.exporter", "otlp,prometheus")
              .args("--load=10")
              .command();
      assertThat(command.get(0)).endsWith("java");
      assertThat(command)
          .containsSubsequence(
              "-javaagent:" + files.get("victor.agent.jar"),
              "-Dotel.javaagent.extensions=" + files.get("victor.extension.jar"),
              "-Dotel.javaagent.configuration-file=" + files.get("victor.sample.config"),
              "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
              "-Dotel.exporter.otlp.protocol=http/protobuf",
              "-Dotel.metric.export.interval=500",
              "-Dotel.bsp.schedule.delay=200",
              "-Dotel.service.name=sample-agent",
              "-Dotel.logs.exporter=none",
              "-Dotel.metrics.exporter=otlp,prometheus",
              "-jar",
              files.get("victor.sample.jar"),
              "--port=0",
              "--load=10")
          .doesNotContain("-Dotel.metric.export.interval=1000");
    } finally {
      saved.forEach(
          (property, value) -> {
            if (value == null) {
              System.clearProperty(property);
            } else {
              System.setProperty(property, value);
            }
          });
    }
  }

  @Test
  void sampleUnderAgentNamesAMissingArtifact() {
    String saved = System.getProperty("victor.extension.jar");
    System.setProperty("victor.extension.jar", "/nonexistent/victor-otel-extension.jar");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThatThrownBy(() -> ForkedApp.sampleUnderAgent("sample", receiver))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("victor.extension.jar")
          .hasMessageContaining("does not exist");
    } finally {
      if (saved == null) {
        System.clearProperty("victor.extension.jar");
      } else {
        System.setProperty("victor.extension.jar", saved);
      }
    }
  }

  @Test
  void freePortIsBindable() throws IOException {
    int port = FreePort.find();
    assertThat(port).isBetween(1, 65535);
    try (ServerSocket socket =
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private static ForkedApp.Builder helper(String name, Class<?> main) {
    return ForkedApp.builder(name).jvmArgs("-Xmx32m").args("-cp", testClasses(), main.getName());
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test-classes directory; the helpers need nothing else (Surefire's java.class.path is a manifest jar). */
  private static String testClasses() {
    try {
      return Path.of(ForkedAppTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
