package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * 10,000 distinct cache namespaces, tool names and models, as a caller that passes user input as
 * names would produce, against the default settings: every call is still counted, under the
 * overflow value {@code _other} once a label's cap is reached; no instrument exceeds 100 series and
 * the extension 1000; the SDK never warns about its own cardinality limit; heap stays bounded.
 */
class CardinalityAttackSmokeTest {
  private static final String TEST = "CardinalityAttackSmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int NAMES = 10_000;

  @Test
  void seriesStayCappedAndEveryCallIsCounted() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("cardinality-attack", receiver)
            .jvmArgs("-Xmx256m")
            .start()) {
      String appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
      // Ordinary traffic first: the app's own names take their series before the attack.
      Figures.admin(appUrl, "/admin/load?requests=100&concurrency=4");
      long heapBefore = Figures.admin(appUrl, "/admin/jvm").get("heapUsedAfterGc");
      long start = System.nanoTime();
      Map<String, Long> done = Figures.admin(appUrl, "/admin/attack?names=" + NAMES);
      Figures.print(TEST, "attack of " + NAMES + " names took (ms)",
          (System.nanoTime() - start) / 1_000_000);
      long heapAfter = Figures.admin(appUrl, "/admin/jvm").get("heapUsedAfterGc");
      assertThat(done.get("toolCalls")).isEqualTo(NAMES);

      receiver.clear(); // judge a whole export made after the attack
      MetricsView metrics = receiver.awaitMetrics(view ->
          attackCount(view, "victor.tool.duration_ms", "tool", "attack-tool-") == NAMES
              && attackCount(view, "victor.provider.latency_ms", "model", "attack-model-") == NAMES
              && view.find("victor.tool.executions").isPresent(), WAIT);
      MetricsView latest = receiver.latestMetrics();

      // Every call is counted, under its own name while the cap allows, else under _other.
      assertThat(attackCount(latest, "victor.tool.duration_ms", "tool", "attack-tool-"))
          .isEqualTo(NAMES);
      assertThat(attackCount(latest, "victor.provider.latency_ms", "model", "attack-model-"))
          .isEqualTo(NAMES);
      assertThat(attackSum(latest, "victor.cache.operations", "attack-ns-", "miss"))
          .isEqualTo(NAMES);
      assertThat(attackSum(latest, "victor.cache.operations", "attack-ns-", "put"))
          .isEqualTo(NAMES);
      assertThat(Figures.count(latest, "victor.tool.duration_ms", Map.of("tool", "_other")))
          .isPositive();

      Map<String, Integer> series = new TreeMap<>();
      for (String name : latest.names()) {
        if (name.startsWith("victor.") || name.startsWith("gen_ai.")) {
          series.put(name, latest.metric(name).points().size());
        }
      }
      int total = series.values().stream().mapToInt(Integer::intValue).sum();
      Figures.print(TEST, "series in one export, all extension instruments", total);
      Figures.print(TEST, "widest instruments", series.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
          .limit(6).toList());
      Figures.print(TEST, "heap after GC before/after the attack (KB)",
          heapBefore / 1024 + " / " + heapAfter / 1024);
      assertThat(series).allSatisfy((name, count) ->
          assertThat(count).as("series of " + name).isLessThanOrEqualTo(100));
      assertThat(total).as("series across the extension").isLessThanOrEqualTo(1000);
      assertThat(heapAfter - heapBefore).as("heap growth from the attack, bytes")
          .isLessThan(8L * 1024 * 1024);
      assertThat(app.logLines()).noneMatch(line -> line.contains("maximum allowed cardinality"));
      // The attack's made-up models have no price: one WARNING per admitted model, then one for
      // the pairs beyond the cap, which is the documented behaviour (docs/configuration.md).
      List<String> unpriced = Figures.problems(app).stream()
          .filter(line -> line.contains("but has no price") || line.contains("cannot be priced"))
          .toList();
      assertThat(unpriced).hasSizeLessThanOrEqualTo(33);
      assertThat(Figures.problems(app)).containsExactlyElementsOf(unpriced);
      assertThat(Figures.sum(metrics, "victor.otel.failures", Map.of())).isZero();
    }
  }

  /** Histogram counts over the points whose label is an attack name or the overflow value. */
  private static long attackCount(MetricsView view, String metric, String label, String prefix) {
    return view.find(metric).map(m -> m.points().stream()
        .filter(attack(label, prefix)).mapToLong(MetricsView.Point::count).sum()).orElse(0L);
  }

  private static long attackSum(MetricsView view, String metric, String prefix, String operation) {
    return view.find(metric).map(m -> m.points().stream()
        .filter(attack("namespace", prefix))
        .filter(p -> operation.equals(p.attributes().get("operation")))
        .mapToLong(p -> Math.round(p.value())).sum()).orElse(0L);
  }

  private static Predicate<MetricsView.Point> attack(String label, String prefix) {
    return p -> {
      String value = p.attributes().getOrDefault(label, "");
      return value.startsWith(prefix) || value.equals("_other");
    };
  }
}
