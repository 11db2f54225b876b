package ai.victor.otel.smoke.reliability;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.MetricsView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading figures for the reliability tests: the sample agent's JSON answers, exported counts, and
 * the {@code FIGURE} lines the tests print so that docs/reliability.md quotes what a run measured.
 */
final class Figures {
  private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?\\d+)");

  private Figures() {}

  /** The integer members of a flat JSON object, such as the sample's {@code /admin/*} answers. */
  static Map<String, Long> numbers(String json) {
    Map<String, Long> numbers = new LinkedHashMap<>();
    Matcher matcher = NUMBER.matcher(json);
    while (matcher.find()) {
      numbers.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    return numbers;
  }

  /** GETs an admin endpoint of the app and reads its numbers. */
  static Map<String, Long> admin(String appUrl, String pathAndQuery) {
    return numbers(Http.get(appUrl + pathAndQuery));
  }

  /** The sum of a counter's points whose attributes include {@code subset}; 0 if absent. */
  static long sum(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name)
        .map(m -> m.pointsWith(subset).stream().mapToLong(p -> Math.round(p.value())).sum())
        .orElse(0L);
  }

  /** The summed count of a histogram's points whose attributes include {@code subset}; 0 if absent. */
  static long count(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name)
        .map(m -> m.pointsWith(subset).stream().mapToLong(MetricsView.Point::count).sum())
        .orElse(0L);
  }

  /** Prints one measured figure, greppable in the build output: {@code FIGURE test: what = value}. */
  static void print(String test, String what, Object value) {
    System.out.println("FIGURE " + test + ": " + what + " = " + value);
  }

  /** Lines of the app's log that report a problem of the extension or of the SDK beneath it. */
  static List<String> problems(ForkedApp app) {
    return app.logLines().stream()
        .filter(line -> line.contains("victor-otel:") || line.contains("maximum allowed cardinality")
            || (line.contains("ai.victor.otel") && (line.contains("Exception") || line.contains("Error"))))
        .toList();
  }
}
