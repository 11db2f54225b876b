package ai.victor.otel.smoke.caches;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The caches sample (smoke-tests/sample-caches: Caffeine, Spring's CaffeineCacheManager, JCache of
 * Caffeine's provider) under the real agent with the extension and nothing else configured: the
 * catalog's cache series, each logical call counted once, named as docs/libraries/*.md say.
 */
class CacheLibrariesSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String OPERATIONS = "victor.cache.operations";

  @Test
  void theThreeLibrariesFeedTheCatalogSeriesWithNoConfiguration() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.builder("sample-caches")
            .jvmArgs("-javaagent:" + file("victor.agent.jar"))
            .systemProperty("otel.javaagent.extensions", file("victor.extension.jar"))
            // where to export, and quickly: not victor configuration
            .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.logs.exporter", "none")
            .systemProperty("otel.service.name", "sample-caches")
            .args("-jar", file("victor.caches.jar"))
            .start()) {
      app.awaitLine(line -> line.startsWith("WORKLOAD DONE"), Duration.ofSeconds(120));

      MetricsView metrics = receiver.awaitMetrics(
          view -> operations(view, "sessions", "invalidation") >= 1
              && operations(view, "prompts", "load") >= 5, WAIT);

      // a plain Caffeine cache, named after the class that built it
      String store = "CachesSampleApp.EmbeddingStore";
      assertThat(operations(metrics, store, "miss")).isEqualTo(10);
      assertThat(operations(metrics, store, "load")).isEqualTo(10);
      assertThat(operations(metrics, store, "hit")).isEqualTo(20);
      // evictions with their cause
      assertThat(operations(metrics, "CachesSampleApp", "put")).isEqualTo(20);
      assertThat(metrics.metric(OPERATIONS).point(Map.of("namespace", "CachesSampleApp",
          "operation", "eviction", "cause", "size")).orElseThrow().value()).isPositive();
      // Spring over Caffeine: once, under the Spring name
      assertThat(operations(metrics, "prompts", "miss")).isEqualTo(10);
      assertThat(operations(metrics, "prompts", "hit")).isEqualTo(10);
      assertThat(operations(metrics, "prompts", "put")).isEqualTo(5);
      assertThat(operations(metrics, "prompts", "load")).isEqualTo(5);
      // JCache over Caffeine: once, under the JCache name
      assertThat(operations(metrics, "sessions", "put")).isEqualTo(5);
      assertThat(operations(metrics, "sessions", "hit")).isEqualTo(5);
      assertThat(operations(metrics, "sessions", "miss")).isEqualTo(2);
      assertThat(operations(metrics, "sessions", "invalidation")).isEqualTo(1);
      // no other namespace counted anything: the wrapped Caffeine caches stayed silent
      Set<String> active = new TreeSet<>();
      for (MetricsView.Point point : metrics.metric(OPERATIONS).points()) {
        if (point.value() > 0) {
          active.add(point.attributes().get("namespace"));
        }
      }
      assertThat(active).containsExactlyInAnyOrder(store, "CachesSampleApp", "prompts",
          "sessions");

      // sizes, read from the Caffeine caches (beneath Spring and JCache too, under their names)
      MetricsView sized = receiver.awaitMetrics(view -> view.find("victor.cache.entries")
          .flatMap(m -> m.point(Map.of("namespace", "sessions"))).isPresent(), WAIT);
      assertThat(entries(sized, store)).isEqualTo(10);
      assertThat(entries(sized, "prompts")).isEqualTo(10);
      assertThat(entries(sized, "sessions")).isEqualTo(4);
      assertThat(entries(sized, "CachesSampleApp")).isEqualTo(5);
      assertThat(sized.metric("victor.cache.utilization")
          .point(Map.of("namespace", "CachesSampleApp")).orElseThrow().value()).isEqualTo(1.0);

      // the derived series the dashboard and alerts use. The hit rate covers the derivation
      // window since the first collection, which may have caught the workload half done: only
      // its range is fixed here (DerivedMetricsTest checks its arithmetic).
      MetricsView derived = receiver.awaitMetrics(
          view -> derived(view, "victor.cache.hits", store) == 20
              && derived(view, "victor.cache.hit_rate", "sessions") >= 0, WAIT);
      assertThat(derived(derived, "victor.cache.hits", "prompts")).isEqualTo(10);
      assertThat(derived(derived, "victor.cache.evictions", "CachesSampleApp")).isPositive();
      assertThat(derived(derived, "victor.cache.hit_rate", "prompts")).isBetween(0.0, 1.0);
      assertThat(derived.metric("victor.otel.failures").points())
          .allMatch(point -> point.value() == 0);
    }
  }

  private static double operations(MetricsView metrics, String namespace, String operation) {
    return metrics.find(OPERATIONS)
        .flatMap(m -> m.point(Map.of("namespace", namespace, "operation", operation)))
        .map(MetricsView.Point::value).orElse(0.0);
  }

  private static double derived(MetricsView metrics, String name, String namespace) {
    return metrics.find(name).flatMap(m -> m.point(Map.of("namespace", namespace)))
        .map(MetricsView.Point::value).orElse(-1.0);
  }

  private static double entries(MetricsView metrics, String namespace) {
    return metrics.metric("victor.cache.entries").point(Map.of("namespace", namespace))
        .orElseThrow().value();
  }

  private static String file(String property) {
    String path = System.getProperty(property);
    assertThat(path).as(property).isNotNull();
    assertThat(new File(path)).as(property).isFile();
    return path;
  }
}
