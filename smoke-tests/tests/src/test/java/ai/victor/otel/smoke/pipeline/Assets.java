package ai.victor.otel.smoke.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped pipeline assets of {@code collector-config/} as data: the rules, the dashboard's panel queries. JSON is
 * read with the YAML parser (JSON is YAML's flow style), which keeps the tests to one small dependency.
 */
final class Assets {

  static final Path RECORDING_RULES = PipelineTools.ASSETS.resolve("rules/victor-recording.rules.yml");
  static final Path ALERT_RULES = PipelineTools.ASSETS.resolve("rules/victor-alerts.rules.yml");
  static final Path DASHBOARD = PipelineTools.ASSETS.resolve("grafana/dashboards/victor-performance.json");

  /**
   * {@code <value> <comparison> <number>}, optionally followed by {@code and on (<labels>) <condition>}: every
   * shipped alert has this shape (PipelineAssetsTest). The condition is a minimum-traffic guard or the replica's
   * reporting or working state.
   */
  private static final Pattern THRESHOLD = Pattern.compile(
      "(?s)(.+?)\\s*(==|!=|<=|>=|<|>)\\s*(-?[0-9.eE+]+)(?:\\s+and on \\(([^)]*)\\)\\s+(.+))?\\s*");

  private Assets() {}

  /**
   * One alerting rule. {@code lhs} is the value compared with the threshold, {@code threshold} the number;
   * {@code on} and {@code condition} the labels and expression of its {@code and on (...)} line, or null.
   */
  record Alert(String group, String name, String expr, String lhs, String threshold, String on, String condition,
      String forDuration, Map<String, Object> labels, Map<String, Object> annotations) {}

  /** One recording rule. */
  record Recording(String record, String expr) {}

  /** One dashboard panel with its PromQL targets, variables left in. */
  record Panel(String title, String type, String row, List<String> queries) {}

  static Object yaml(Path file) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      return new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object yaml(String text) {
    return new Yaml().load(text);
  }

  static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (Map<String, Object> group : groups(ALERT_RULES)) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        String expr = ((String) rule.get("expr")).strip();
        Matcher matcher = THRESHOLD.matcher(expr);
        boolean matches = matcher.matches();
        alerts.add(new Alert((String) group.get("name"), (String) rule.get("alert"), expr,
            matches ? matcher.group(1) : null, matches ? matcher.group(3) : null, matches ? matcher.group(4) : null,
            matches ? matcher.group(5) : null, (String) rule.get("for"), map(rule.get("labels")),
            map(rule.get("annotations"))));
      }
    }
    return alerts;
  }

  static List<Recording> recordings() {
    List<Recording> recordings = new ArrayList<>();
    for (Map<String, Object> group : groups(RECORDING_RULES)) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        recordings.add(new Recording((String) rule.get("record"), ((String) rule.get("expr")).strip()));
      }
    }
    return recordings;
  }

  /** The panels in dashboard order; each row panel names the row of the panels after it. */
  static List<Panel> panels() {
    List<Panel> panels = new ArrayList<>();
    String row = null;
    for (Map<String, Object> panel : list(map(yaml(DASHBOARD)).get("panels"))) {
      if ("row".equals(panel.get("type"))) {
        row = (String) panel.get("title");
        continue;
      }
      List<String> queries = new ArrayList<>();
      for (Map<String, Object> target : list(panel.get("targets"))) {
        queries.add((String) target.get("expr"));
      }
      panels.add(new Panel((String) panel.get("title"), (String) panel.get("type"), row, queries));
    }
    return panels;
  }

  /** A dashboard query as Grafana sends it with every value of every variable selected, over the last hour. */
  static String resolve(String query) {
    String resolved = query.replace("$__rate_interval", "5m").replace("$__range", "1h");
    for (String variable : List.of("job", "instance", "namespace", "provider", "tool")) {
      resolved = resolved.replace("${" + variable + ":regex}", ".+").replace("$" + variable, ".+");
    }
    return resolved;
  }

  static List<Map<String, Object>> groups(Path rules) {
    return list(map(yaml(rules)).get("groups"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
