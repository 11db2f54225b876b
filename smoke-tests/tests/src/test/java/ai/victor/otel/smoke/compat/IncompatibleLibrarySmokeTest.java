package ai.victor.otel.smoke.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring AI module run against a deliberately incompatible Spring AI: a stub library, compiled
 * here, with the classes the module's guard looks for but a {@code ToolCallback} without the
 * {@code getToolDefinition()} the module reads (and none of the rest of Spring AI). There is no
 * muzzle in a Maven build to catch that before advice applies, so the module must stand down by
 * itself on the first {@link LinkageError}: one WARNING, one failure counted, no more telemetry
 * from it, and the application's calls exactly as without the agent.
 */
class IncompatibleLibrarySmokeTest {
  private static final int CALLS = 5;

  @Test
  void theModuleSwitchesOffOnceAndTheApplicationIsUnaffected(@TempDir Path dir)
      throws IOException {
    Path classes = compileStubLibraryAndApp(dir);
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.builder("incompatible-spring-ai")
            .jvmArgs("-javaagent:" + System.getProperty("victor.agent.jar"))
            .systemProperty("otel.javaagent.extensions", System.getProperty("victor.extension.jar"))
            .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
            .systemProperty("otel.metric.export.interval", "1000")
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.logs.exporter", "none")
            .systemProperty("otel.service.name", "incompatible")
            .args("-cp", classes.toString(), "stubapp.Main", String.valueOf(CALLS))
            .start()) {
      app.awaitLine(line -> line.equals("DONE"), Duration.ofSeconds(90));
      MetricsView metrics = receiver.awaitMetrics(view -> view.find("victor.otel.failures")
          .map(m -> m.pointsWith(Map.of("role", "tool")).stream()
              .anyMatch(p -> p.value() >= 1)).orElse(false), Duration.ofSeconds(30));

      List<String> results = app.logLines().stream().filter(l -> l.startsWith("RESULT ")).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        expected.add("RESULT echo x" + i);
      }
      assertThat(results).containsExactlyElementsOf(expected);
      List<String> warnings = app.logLines().stream()
          .filter(line -> line.contains("victor-otel:")).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("module victor-spring-ai switched off", "Error",
          "role=\"tool\"", "docs/libraries/spring-ai.md");
      assertThat(metrics.metric("victor.otel.failures").pointsWith(Map.of("role", "tool"))
          .stream().mapToDouble(MetricsView.Point::value).sum()).isEqualTo(1);
      assertThat(metrics.find("victor.tool.duration_ms")).isEmpty();
      assertThat(receiver.spans()).noneMatch(span -> span.getName().startsWith("execute_tool"));
    }
  }

  /** The stub library (three Spring AI names, one of them without a method) and the app. */
  private static Path compileStubLibraryAndApp(Path dir) throws IOException {
    Path sources = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> files = new ArrayList<>();
    files.add(write(sources, "org/springframework/ai/model/tool/ToolCallingManager.java",
        "package org.springframework.ai.model.tool; public interface ToolCallingManager {}"));
    files.add(write(sources, "org/springframework/ai/model/tool/ToolCallingChatOptions.java",
        "package org.springframework.ai.model.tool; public interface ToolCallingChatOptions {}"));
    files.add(write(sources, "org/springframework/ai/tool/ToolCallback.java",
        "package org.springframework.ai.tool;"
            + " public interface ToolCallback { String call(String toolInput); }"));
    files.add(write(sources, "stubapp/EchoTool.java", "package stubapp;"
        + " public class EchoTool implements org.springframework.ai.tool.ToolCallback {"
        + "   public String call(String input) { return \"echo \" + input; } }"));
    files.add(write(sources, "stubapp/Main.java", "package stubapp;"
        + " public class Main { public static void main(String[] args) throws Exception {"
        + "   org.springframework.ai.tool.ToolCallback tool = new EchoTool();"
        + "   for (int i = 0; i < Integer.parseInt(args[0]); i++) {"
        + "     System.out.println(\"RESULT \" + tool.call(\"x\" + i)); }"
        + "   System.out.println(\"DONE\"); Thread.sleep(120_000); } }"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
    arguments.addAll(files);
    assertThat(javac.run(null, null, null, arguments.toArray(new String[0]))).isZero();
    return classes;
  }

  private static String write(Path root, String path, String source) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    return file.toString();
  }
}
