package ai.victor.otel.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad settings beside good ones: each gets one log line naming the setting, the application runs
 * exactly as without them, and the good targets are still instrumented.
 */
class MisconfigurationSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void eachBadSettingIsReportedOnceAndEverythingElseWorks() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("sample-misconfigured", receiver)
            .systemProperty("victor.otel.targets", "tool-cache, tool-selector, llm-providers,"
                + " tool-executor, startup, components, service-registry, ghost, librarian,"
                + " tool-cache, cache-again")
            // a class that never loads
            .systemProperty("victor.otel.target.ghost.role", "tool")
            .systemProperty("victor.otel.target.ghost.type", "com.example.DoesNotExist")
            .systemProperty("victor.otel.target.ghost.methods", "run")
            // an unknown role
            .systemProperty("victor.otel.target.librarian.role", "librarian")
            .systemProperty("victor.otel.target.librarian.type", "com.example.Books")
            .systemProperty("victor.otel.target.librarian.methods", "lend")
            // a method the class does not have, beside one it has
            .systemProperty("victor.otel.target.tool-cache.get", "get, fetch")
            // a malformed value
            .systemProperty("victor.otel.cardinality.limit", "lots")
            .systemProperty("victor.otel.capture-message-content", "maybe")
            // a malformed accessor beside good ones of the same target
            .systemProperty("victor.otel.target.tool-executor.call-id", "arg0..name()")
            // a conflicting duplicate: a second cache target on the class tool-cache has
            .systemProperty("victor.otel.target.cache-again.role", "cache")
            .systemProperty("victor.otel.target.cache-again.type",
                "ai.victor.sample.cache.LruTtlCache")
            .systemProperty("victor.otel.target.cache-again.get", "get")
            // an accessor that throws on every call (Iterator.remove before next)
            .systemProperty("victor.otel.target.llm-providers.finish-reason",
                "result.toolCalls().iterator().remove()")
            .systemProperty("victor.otel.config.report-unmatched-after-seconds", "20")
            .args("--load=200", "--concurrency=4")
            .start()) {
      app.awaitPort(Duration.ofSeconds(120));
      String done = app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180));
      assertThat(done).contains("ok=200");

      // Every request calls a provider at least once; the last ones come with the next export.
      MetricsView metrics = receiver.awaitMetrics(view -> providerCalls(view) >= 200, WAIT);
      // The good targets are instrumented: the cache through its remaining method too.
      assertThat(metrics.metric("victor.cache.operations").pointsWith(Map.of("operation", "hit")))
          .isNotEmpty();
      long providerCalls = providerCalls(metrics);
      // The failing accessor is counted on each call that reached it, and the call still recorded.
      double failures = metrics.metric("victor.otel.failures")
          .point(Map.of("role", "provider")).orElseThrow().value();
      assertThat(failures).isPositive().isLessThanOrEqualTo(providerCalls);

      app.awaitLine(line -> line.contains("com.example.DoesNotExist"), WAIT);
      List<String> log = app.logLines();
      assertOnce(log, "victor.otel.target.librarian.role=librarian",
          "expected one of cache, selector, provider, tool, agent, bootstrap");
      assertOnce(log, "victor.otel.cardinality.limit=lots", "expected an integer");
      assertOnce(log, "victor.otel.target.tool-cache.get names method 'fetch'",
          "has no such method");
      assertOnce(log, "victor.otel.target.ghost.type=com.example.DoesNotExist",
          "matched no class");
      assertOnce(log, "provider telemetry failed", "the application call was not affected");
      assertOnce(log, "'tool-cache' is listed twice", "each target id once");
      assertOnce(log, "victor.otel.target.cache-again.type=ai.victor.sample.cache.LruTtlCache",
          "one cache target per class");
      assertOnce(log, "victor.otel.capture-message-content=maybe", "true or false");
      assertOnce(log, "victor.otel.target.tool-executor.call-id=arg0..name()",
          "a member name such as size() or name");
      // The target with the bad accessor still records its tool executions.
      assertThat(metrics.metric("victor.tool.duration_ms").points()).isNotEmpty();
      // Capture stays at its default, off: no prompt on any span.
      assertThat(receiver.spans()).allSatisfy(span -> assertThat(span.getAttributesList())
          .noneMatch(a -> a.getKey().equals("gen_ai.input.messages")));
    }
  }

  private static long providerCalls(MetricsView metrics) {
    return metrics.find("victor.provider.latency_ms").map(m -> m.points().stream()
        .mapToLong(MetricsView.Point::count).sum()).orElse(0L);
  }

  private static void assertOnce(List<String> log, String setting, String expectation) {
    assertThat(log.stream().filter(line -> line.contains(setting)))
        .as("log lines about " + setting)
        .hasSize(1)
        .allMatch(line -> line.contains(expectation), "says: " + expectation);
  }
}
