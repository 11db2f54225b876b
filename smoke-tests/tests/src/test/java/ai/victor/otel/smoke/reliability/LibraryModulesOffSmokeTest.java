package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An application without LangChain4j, Spring AI, Caffeine, Spring's cache, JCache or a provider SDK
 * (OpenAI, Anthropic, Google GenAI) (the sample
 * agent, JDK only): every library module stays off, so none of its helper classes is ever loaded,
 * while the configured classes are instrumented as usual. The JVM's class-load log is the witness:
 * it lists every class any class loader defines, helpers injected by the agent included. The same
 * log checks that the extension's start-up leaves out a costly JDK path it no longer needs.
 */
class LibraryModulesOffSmokeTest {
  private static final String TEST = "LibraryModulesOffSmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Helper packages and classes that exist only to serve a library module's advice. */
  private static final List<String> LIBRARY_HELPERS = List.of(
      "ai.victor.otel.instrumentation.langchain4j.calls.",
      "ai.victor.otel.instrumentation.langchain4j.agentic.calls.",
      "ai.victor.otel.instrumentation.springai.SpringAiCalls",
      "ai.victor.otel.instrumentation.caffeine.CaffeineStats",
      "ai.victor.otel.instrumentation.springcache.SpringCaches",
      "ai.victor.otel.instrumentation.jcache.JCaches",
      "ai.victor.otel.instrumentation.mcp.calls.",
      "ai.victor.otel.instrumentation.semanticcache.SemanticCaches",
      "ai.victor.otel.instrumentation.sdk.SdkCall",
      "ai.victor.otel.instrumentation.sdk.openai.OpenAiReader",
      "ai.victor.otel.instrumentation.sdk.anthropic.AnthropicReader",
      "ai.victor.otel.instrumentation.sdk.genai.GenAiReader",
      "ai.victor.otel.core.library.");

  @Test
  void noLibraryModuleHelperIsLoadedWhereItsLibraryIsAbsent() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("library-modules-off", receiver)
            .jvmArgs("-Xlog:class+load=info")
            .start()) {
      String url = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
      Http.get(url + "/admin/load?requests=40&concurrency=2");
      receiver.awaitMetrics(view -> Figures.count(view, "victor.tool_selection.latency_ms",
          Map.of()) >= 40, WAIT);

      List<String> loaded = app.logLines().stream()
          .filter(line -> line.contains("ai.victor.otel."))
          .collect(Collectors.toList());
      assertThat(loaded).as("the log shows the configured classes' injected helpers")
          .anyMatch(line -> line.contains("ai.victor.otel.core.configured.CacheCalls "));
      for (String helper : LIBRARY_HELPERS) {
        assertThat(loaded).as("classes loaded from " + helper)
            .noneMatch(line -> line.contains(helper));
      }
      Figures.print(TEST, "victor-otel classes loaded", loaded.size());
      // Start-up cost (docs/performance.md, G4): the bootstrap jar is written without
      // Files.createTempFile, whose first use builds and seeds a SecureRandom; nothing else of the
      // agent or the sample loads it.
      assertThat(app.logLines()).as("the extension's start-up does not use Files.createTempFile")
          .noneMatch(line -> line.contains(" java.nio.file.TempFileHelper "));
      // The bootstrap jar is deleted once the JVM has opened it; the JVM-wide classes that load
      // after (all but the probe, JvmState) still come from it.
      List<String> bootstrap = loaded.stream()
          .filter(line -> line.contains(" ai.victor.otel.bootstrap.") && line.contains(" source: "))
          .collect(Collectors.toList());
      assertThat(bootstrap).as("JVM-wide classes loaded after the jar was deleted")
          .hasSizeGreaterThan(1);
      String first = bootstrap.get(0);
      Path jar = Path.of(first.substring(first.indexOf(" source: ") + " source: ".length()).trim());
      assertThat(jar.getFileName().toString()).startsWith("victor-otel-bootstrap-");
      assertThat(jar).as("the bootstrap jar, deleted once opened").doesNotExist();
      assertThat(app.logLines()).as("no WARNING from the extension")
          .noneMatch(line -> line.contains("victor-otel:"));
    }
  }
}
