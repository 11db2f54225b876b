package ai.victor.otel.smoke.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.pipeline.Assets.Alert;
import ai.victor.otel.smoke.pipeline.Assets.Panel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline assets of collector-config/ checked with the real tools (promtool, amtool, the built collector) and
 * against the seed documents: the 24 alerts of the seed runbook's "Alert Rules Summary", the 17 panels of its
 * dashboard, the rows and alert groups of the performance dashboard document.
 */
class PipelineAssetsTest {

  /** Seed 000's "Alert Rules Summary" with the groups of seed 003: group, name, severity, expression, for. */
  private static final List<List<String>> SEED_ALERTS = List.of(
      List.of("victor_performance_cache", "HighCacheMissRate", "warning", "victor_cache_hit_rate{namespace=\"overall\"} < 0.4", "5m"),
      List.of("victor_performance_cache", "CriticalCacheMissRate", "critical", "victor_cache_hit_rate{namespace=\"overall\"} < 0.2", "10m"),
      List.of("victor_performance_cache", "HighCacheUtilization", "warning", "victor_cache_utilization > 0.8", "10m"),
      List.of("victor_performance_cache", "CriticalCacheUtilization", "critical", "victor_cache_utilization > 0.95", "5m"),
      List.of("victor_performance_cache", "HighCacheEvictionRate", "warning", "victor:cache_evictions:rate5m > 10", "5m"),
      List.of("victor_performance_tool_selection", "HighToolSelectionLatency", "warning", "victor:tool_selection_latency_ms:p95_5m > 1", "10m"),
      List.of("victor_performance_tool_selection", "CriticalToolSelectionLatency", "critical", "victor:tool_selection_latency_ms:p95_5m > 5", "5m"),
      List.of("victor_performance_tool_selection", "HighToolSelectionMissRate", "warning", "victor_tool_selection_miss_rate > 0.7", "5m"),
      List.of("victor_performance_system", "HighMemoryUsage", "warning", "victor_system_memory_bytes > 1073741824", "10m"),
      List.of("victor_performance_system", "CriticalMemoryUsage", "critical", "victor_system_memory_bytes > 2147483648", "5m"),
      List.of("victor_performance_system", "HighCPUUsage", "warning", "victor_system_cpu_percent > 80", "10m"),
      List.of("victor_performance_system", "CriticalCPUUsage", "critical", "victor_system_cpu_percent > 95", "5m"),
      List.of("victor_performance_system", "HighThreadCount", "warning", "victor_system_threads > 100", "10m"),
      List.of("victor_performance_tool_execution", "HighToolExecutionLatency", "warning", "victor:tool_duration_ms:p95_5m > 1000", "10m"),
      List.of("victor_performance_tool_execution", "CriticalToolExecutionLatency", "critical", "victor:tool_duration_ms:p95_5m > 5000", "5m"),
      List.of("victor_performance_tool_execution", "HighToolErrorRate", "warning", "victor_tool_error_rate{tool=\"overall\"} > 0.05", "10m"),
      List.of("victor_performance_tool_execution", "CriticalToolErrorRate", "critical", "victor_tool_error_rate{tool=\"overall\"} > 0.15", "5m"),
      List.of("victor_performance_provider_pool", "UnhealthyProviders", "warning", "victor_provider_health < 0.5", "5m"),
      List.of("victor_performance_provider_pool", "HighProviderFailureRate", "warning", "victor:provider_error_ratio:rate5m > 0.1", "5m"),
      List.of("victor_performance_provider_pool", "CriticalProviderFailureRate", "critical", "victor:provider_error_ratio:rate5m > 0.3", "2m"),
      List.of("victor_performance_provider_pool", "HighProviderLatency", "warning", "victor:provider_latency_ms:p95_5m > 10000", "10m"),
      List.of("victor_performance_bootstrap", "SlowStartup", "info", "victor_bootstrap_startup_in_progress == 1", ""),
      List.of("victor_performance_summary", "PerformanceDegraded", "warning", "victor_performance_health_score < 70", "10m"),
      List.of("victor_performance_summary", "PerformanceCritical", "critical", "victor_performance_health_score < 50", "5m"));

  /** Seed 000's 17 dashboard panels, in the rows of seed 003 (plus a System row). */
  private static final Map<String, List<String>> SEED_PANELS = new LinkedHashMap<>();

  static {
    SEED_PANELS.put("Overview", List.of("Performance Health Score", "Active Alerts", "Uptime"));
    SEED_PANELS.put("Cache Performance", List.of("Cache Hit Rate", "Cache Utilization", "Cache Eviction Rate"));
    SEED_PANELS.put("Tool Selection", List.of("Tool Selection Latency P95"));
    SEED_PANELS.put("Provider Pool",
        List.of("Provider Health", "Provider Request Rate", "Provider Latency P95", "Provider Error Rate"));
    SEED_PANELS.put("Tool Execution", List.of("Tool Execution Latency P95", "Tool Error Rate", "Tool Execution Count"));
    SEED_PANELS.put("System", List.of("System Memory Usage", "System CPU Usage", "Thread Count"));
  }

  @Test
  void prometheusConfigAndRulesPassPromtool() {
    String out = PipelineTools.check(PipelineTools.promtool().toString(), "check", "config", "prometheus.yml");
    assertThat(out).contains("SUCCESS: 2 rule files found").doesNotContain("WARNING");
  }

  @Test
  void everyAlertPassesItsPromtoolUnitTest() {
    String out = PipelineTools.check(PipelineTools.promtool().toString(), "test", "rules",
        "rules/tests/victor-alerts.test.yml");
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedAboveBelowAndBeforeItsForDuration() {
    Map<String, Object> tests = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("rules/tests/victor-alerts.test.yml")));
    Map<String, List<Map<String, Object>>> casesByAlert = new LinkedHashMap<>();
    Map<String, Set<String>> instancesByAlert = new LinkedHashMap<>();
    for (Map<String, Object> test : Assets.list(tests.get("tests"))) {
      Set<String> instances = new HashSet<>();
      Assets.list(test.get("input_series")).forEach(s -> {
        String series = (String) s.get("series");
        instances.add(series.replaceAll(".*instance=\"([^\"]*)\".*", "$1"));
      });
      for (Map<String, Object> check : Assets.list(test.get("alert_rule_test"))) {
        casesByAlert.computeIfAbsent((String) check.get("alertname"), k -> new ArrayList<>()).add(check);
        instancesByAlert.computeIfAbsent((String) check.get("alertname"), k -> new HashSet<>()).addAll(instances);
      }
    }
    for (Alert alert : Assets.alerts()) {
      List<Map<String, Object>> cases = casesByAlert.getOrDefault(alert.name(), List.of());
      assertThat(instancesByAlert.get(alert.name())).as(alert.name() + " input").contains("above", "below");
      long forMinutes = alert.forDuration() == null ? 0 : Long.parseLong(alert.forDuration().replace("m", ""));
      assertThat(cases).as(alert.name() + " fires for the instance above only, after its for")
          .anyMatch(c -> minutes(c) >= forMinutes && Assets.list(c.get("exp_alerts")).size() == 1
              && "above".equals(Assets.map(Assets.list(c.get("exp_alerts")).get(0).get("exp_labels")).get("instance")));
      if (forMinutes > 0) {
        assertThat(cases).as(alert.name() + " does not fire before its for")
            .anyMatch(c -> minutes(c) < forMinutes && Assets.list(c.get("exp_alerts")).isEmpty());
      }
    }
  }

  @Test
  void theSeedRunbookAlertsAreShippedExactly() {
    Map<String, Alert> byName = Assets.alerts().stream().collect(Collectors.toMap(Alert::name, a -> a));
    for (List<String> seed : SEED_ALERTS) {
      Alert alert = byName.get(seed.get(1));
      assertThat(alert).as(seed.get(1)).isNotNull();
      assertThat(List.of(alert.group(), alert.name(), (String) alert.labels().get("severity"), alert.expr(),
          alert.forDuration() == null ? "" : alert.forDuration())).isEqualTo(seed);
    }
    assertThat(byName).hasSizeGreaterThan(SEED_ALERTS.size());
  }

  @Test
  void everyAlertCarriesSeveritySignalAnnotationsAndARunbookSection() throws IOException {
    Set<String> anchors = anchors(PipelineTools.REPO.resolve("docs/runbook.md"));
    Set<String> names = new HashSet<>();
    for (Alert alert : Assets.alerts()) {
      assertThat(names.add(alert.name())).as("duplicate alert " + alert.name()).isTrue();
      assertThat(alert.lhs()).as(alert.name() + ": expression must be '<query> <op> <threshold>'").isNotNull();
      assertThat((String) alert.labels().get("severity")).as(alert.name()).isIn("critical", "warning", "info");
      assertThat((String) alert.labels().get("signal")).as(alert.name()).isNotBlank();
      assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description", "runbook_url");
      String url = (String) alert.annotations().get("runbook_url");
      assertThat(url).as(alert.name()).contains("docs/runbook.md#");
      assertThat(anchors).as("runbook section for " + alert.name()).contains(url.substring(url.indexOf('#') + 1));
    }
  }

  @Test
  void alertmanagerConfigIsValid() {
    String out = PipelineTools.check(PipelineTools.amtool().toString(), "check-config", "alertmanager.yml");
    assertThat(out).contains("SUCCESS").contains("1 inhibit rules").contains("3 receivers");
  }

  @ParameterizedTest
  @CsvSource({"critical, severity=critical", "warning, severity=warning", "info, severity=info",
      "info, alertname=Unlabelled"})
  void alertmanagerRoutesBySeverity(String receiver, String labels) {
    PipelineTools.check(PipelineTools.amtool().toString(), "config", "routes", "test",
        "--config.file=alertmanager.yml", "--verify.receivers=" + receiver, "alertname=Any", labels);
    PipelineTools.Result wrong = PipelineTools.run(java.time.Duration.ofSeconds(30),
        PipelineTools.amtool().toString(), "config", "routes", "test", "--config.file=alertmanager.yml",
        "--verify.receivers=" + (receiver.equals("critical") ? "warning" : "critical"), "alertname=Any", labels);
    assertThat(wrong.exitCode()).as("a wrong receiver is reported").isNotZero();
  }

  @Test
  void theDashboardHasTheSeventeenSeedPanelsInTheSeedRows() {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (Panel panel : Assets.panels()) {
      rows.computeIfAbsent(panel.row(), k -> new ArrayList<>()).add(panel.title());
      assertThat(panel.queries()).as(panel.title()).isNotEmpty();
    }
    assertThat(rows).isEqualTo(SEED_PANELS);
    Map<String, Object> dashboard = Assets.map(Assets.yaml(Assets.DASHBOARD));
    List<Map<String, Object>> variables = Assets.list(Assets.map(dashboard.get("templating")).get("list"));
    assertThat(variables).anyMatch(v -> "datasource".equals(v.get("type")) && "prometheus".equals(v.get("query")));
    for (Map<String, Object> panel : Assets.list(dashboard.get("panels"))) {
      if (!"row".equals(panel.get("type"))) {
        assertThat(Assets.map(panel.get("datasource"))).as((String) panel.get("title"))
            .containsEntry("uid", "${datasource}");
      }
    }
  }

  @Test
  void everyPanelQueryPassesPromtool(@TempDir Path dir) throws IOException {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (Panel panel : Assets.panels()) {
      for (String query : panel.queries()) {
        rules.append("      - record: dashboard:panel_").append(n++).append("\n        expr: '")
            .append(Assets.resolve(query).replace("'", "''")).append("'\n");
      }
    }
    Path file = dir.resolve("dashboard.rules.yml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);
    String out = PipelineTools.check(PipelineTools.promtool().toString(), "check", "rules", file.toString());
    assertThat(out).contains("SUCCESS: " + n + " rules found");
  }

  @Test
  void theCollectorAcceptsTheShippedConfig() {
    PipelineTools.check(PipelineTools.collector().toString(), "validate", "--config=otel-collector.yaml");
  }

  @Test
  void deploymentFilesParseAndMountOnlyShippedFiles() throws IOException {
    Map<String, Object> compose = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("docker-compose.yml")));
    Map<String, Object> services = Assets.map(compose.get("services"));
    assertThat(services).containsKeys("otel-collector", "prometheus", "alertmanager", "grafana", "sample-agent");
    for (Object service : services.values()) {
      for (Object volume : (List<?>) Assets.map(service).getOrDefault("volumes", List.of())) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith(".")) {
          assertThat(PipelineTools.ASSETS.resolve(source).normalize()).as(source).exists();
        }
      }
    }
    List<Path> manifests;
    try (Stream<Path> files = Files.list(PipelineTools.ASSETS.resolve("kubernetes"))) {
      manifests = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    Set<String> kinds = new TreeSet<>();
    for (Path manifest : manifests) {
      for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(Files.readString(manifest))) {
        Map<String, Object> object = Assets.map(doc);
        assertThat(object).as(manifest.getFileName().toString()).containsKeys("apiVersion", "kind", "metadata");
        kinds.add((String) object.get("kind"));
      }
    }
    assertThat(kinds).contains("Namespace", "Deployment", "Service", "PersistentVolumeClaim");
    Map<String, Object> kustomization = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("kustomization.yaml")));
    List<String> resources = new ArrayList<>();
    for (Object resource : (List<?>) kustomization.get("resources")) {
      resources.add(String.valueOf(resource));
    }
    for (Map<String, Object> generator : Assets.list(kustomization.get("configMapGenerator"))) {
      for (Object file : (List<?>) generator.get("files")) {
        resources.add(String.valueOf(file));
      }
    }
    resources.forEach(r -> assertThat(PipelineTools.ASSETS.resolve(r)).as("kustomization: " + r).isRegularFile());
    assertThat(resources).containsAll(manifests.stream()
        .map(m -> PipelineTools.ASSETS.relativize(m).toString()).toList());
  }

  private static long minutes(Map<String, Object> check) {
    return Long.parseLong(((String) check.get("eval_time")).replace("m", ""));
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new HashSet<>();
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
