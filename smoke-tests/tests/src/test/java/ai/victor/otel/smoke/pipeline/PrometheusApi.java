package ai.victor.otel.smoke.pipeline;

import ai.victor.otel.smoke.harness.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The parts of Prometheus's HTTP API the end-to-end test reads. */
final class PrometheusApi {

  private final String base;

  PrometheusApi(String base) {
    this.base = base;
  }

  /** One instant-vector or scalar sample: its labels (with {@code __name__} if any) and value. */
  record Sample(Map<String, String> labels, String value) {}

  /** One alert of {@code /api/v1/alerts}: pending or firing. */
  record ActiveAlert(Map<String, String> labels, String state) {
    String name() {
      return labels.get("alertname");
    }
  }

  /**
   * Evaluates an expression now.
   *
   * @throws AssertionError with Prometheus's error if the expression is invalid
   */
  List<Sample> query(String expr) {
    Map<String, Object> data = data(Http.get(base + "/api/v1/query?query=" + encode(expr)), expr);
    List<Sample> samples = new ArrayList<>();
    if ("scalar".equals(data.get("resultType"))) {
      samples.add(new Sample(Map.of(), String.valueOf(((List<?>) data.get("result")).get(1))));
      return samples;
    }
    for (Map<String, Object> result : Assets.list(data.get("result"))) {
      samples.add(new Sample(strings(result.get("metric")), String.valueOf(((List<?>) result.get("value")).get(1))));
    }
    return samples;
  }

  /** The label sets of every series matching a selector. */
  List<Map<String, String>> series(String selector) {
    Object data = Assets.map(Assets.yaml(Http.get(base + "/api/v1/series?match[]=" + encode(selector)))).get("data");
    List<Map<String, String>> series = new ArrayList<>();
    Assets.list(data).forEach(s -> series.add(strings(s)));
    return series;
  }

  List<ActiveAlert> alerts() {
    Map<String, Object> data = data(Http.get(base + "/api/v1/alerts"), "alerts");
    List<ActiveAlert> alerts = new ArrayList<>();
    for (Map<String, Object> alert : Assets.list(data.get("alerts"))) {
      alerts.add(new ActiveAlert(strings(alert.get("labels")), (String) alert.get("state")));
    }
    return alerts;
  }

  private static Map<String, Object> data(String body, String what) {
    Map<String, Object> answer = Assets.map(Assets.yaml(body));
    if (!"success".equals(answer.get("status"))) {
      throw new AssertionError("Prometheus rejected " + what + ": " + body);
    }
    return Assets.map(answer.get("data"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> strings(Object map) {
    return (Map<String, String>) map;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
