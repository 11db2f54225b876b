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

  /**
   * Seed 000's "Alert Rules Summary" with the groups of seed 003: group, name, severity, comparison with its threshold,
   * for. The seed's thresholds and durations are kept exactly; what is compared changed (docs/decisions.md,
   * "Service-level rules"), and the last column is the value the shipped rule compares.
   */
  private static final List<List<String>> SEED_ALERTS = List.of(
      List.of("victor_performance_cache", "HighCacheMissRate", "warning", "< 0.4", "5m", "victor:service:cache_hit_ratio:rate5m"),
      List.of("victor_performance_cache", "CriticalCacheMissRate", "critical", "< 0.2", "10m", "victor:service:cache_hit_ratio:rate5m"),
      List.of("victor_performance_cache", "HighCacheUtilization", "warning", "> 0.8", "10m", "victor_cache_utilization"),
      List.of("victor_performance_cache", "CriticalCacheUtilization", "critical", "> 0.95", "5m", "victor_cache_utilization"),
      List.of("victor_performance_cache", "HighCacheEvictionRate", "warning", "> 10", "5m", "victor:instance:cache_evictions:rate5m"),
      List.of("victor_performance_tool_selection", "HighToolSelectionLatency", "warning", "> 1", "10m", "victor:service:tool_selection_latency_ms:p95_5m"),
      List.of("victor_performance_tool_selection", "CriticalToolSelectionLatency", "critical", "> 5", "5m", "victor:service:tool_selection_latency_ms:p95_5m"),
      List.of("victor_performance_tool_selection", "HighToolSelectionMissRate", "warning", "> 0.7", "5m", "victor:service:tool_selection_miss_ratio:rate5m"),
      List.of("victor_performance_system", "HighMemoryUsage", "warning", "> 1073741824", "10m", "victor:instance:memory_beyond_max_heap:bytes"),
      List.of("victor_performance_system", "CriticalMemoryUsage", "critical", "> 2147483648", "5m", "victor:instance:memory_beyond_max_heap:bytes"),
      List.of("victor_performance_system", "HighCPUUsage", "warning", "> 80", "10m", "victor_system_cpu_percent"),
      List.of("victor_performance_system", "CriticalCPUUsage", "critical", "> 95", "5m", "victor_system_cpu_percent"),
      List.of("victor_performance_system", "HighThreadCount", "warning", "> 100", "10m", "victor:instance:threads_per_cpu:ratio"),
      List.of("victor_performance_tool_execution", "HighToolExecutionLatency", "warning", "> 1000", "10m", "victor:service:tool_duration_ms:p95_5m"),
      List.of("victor_performance_tool_execution", "CriticalToolExecutionLatency", "critical", "> 5000", "5m", "victor:service:tool_duration_ms:p95_5m"),
      List.of("victor_performance_tool_execution", "HighToolErrorRate", "warning", "> 0.05", "10m", "victor:service:tool_error_ratio:rate5m"),
      List.of("victor_performance_tool_execution", "CriticalToolErrorRate", "critical", "> 0.15", "5m", "victor:service:tool_error_ratio:rate5m"),
      List.of("victor_performance_provider_pool", "UnhealthyProviders", "warning", "< 0.5", "5m", "victor:service:provider_health:rate5m"),
      List.of("victor_performance_provider_pool", "HighProviderFailureRate", "warning", "> 0.1", "5m", "victor:service:provider_error_ratio:rate5m"),
      List.of("victor_performance_provider_pool", "CriticalProviderFailureRate", "critical", "> 0.3", "2m", "victor:service:provider_error_ratio:rate5m"),
      List.of("victor_performance_provider_pool", "HighProviderLatency", "warning", "> 10000", "10m", "victor:service:provider_latency_ms:p95_5m"),
      List.of("victor_performance_bootstrap", "SlowStartup", "info", "== 1", "", "victor_bootstrap_startup_in_progress"),
      List.of("victor_performance_summary", "PerformanceDegraded", "warning", "< 70", "10m", "victor_performance_health_score"),
      List.of("victor_performance_summary", "PerformanceCritical", "critical", "< 50", "5m", "victor_performance_health_score"));

  /** The conditions an alert may carry on its {@code and on (...)} line (docs/decisions.md, "Service-level rules"). */
  private static final String GUARD = ">= 10/300";
  private static final String REPORTING = "victor:instance:reporting == 1";
  private static final String WORKING = "victor:instance:work:rate5m > 0";

  /** Seed 000's 17 dashboard panels, in the rows of seed 003 (plus a System row). */
  private static final Map<String, List<String>> SEED_PANELS = new LinkedHashMap<>();
  /** Seed 003's panels that seed 000 does not list, and the request panels of the HTTP alerts. */
  private static final Map<String, List<String>> MORE_PANELS = new LinkedHashMap<>();

  static {
    SEED_PANELS.put("Overview", List.of("Performance Health Score", "Active Alerts", "Uptime"));
    SEED_PANELS.put("Cache Performance", List.of("Cache Hit Rate", "Cache Utilization", "Cache Eviction Rate"));
    SEED_PANELS.put("Tool Selection", List.of("Tool Selection Latency P95"));
    SEED_PANELS.put("Provider Pool",
        List.of("Provider Health", "Provider Request Rate", "Provider Latency P95", "Provider Error Rate"));
    SEED_PANELS.put("Tool Execution", List.of("Tool Execution Latency P95", "Tool Error Rate", "Tool Execution Count"));
    SEED_PANELS.put("System", List.of("System Memory Usage", "System CPU Usage", "Thread Count"));
    MORE_PANELS.put("Overview", List.of("Replicas Reporting"));
    MORE_PANELS.put("Requests", List.of("Request Rate", "Request Error Rate", "Request Latency P95"));
    MORE_PANELS.put("Cache Performance", List.of("Cache Entries by Namespace", "Cache Hit/Miss Ratio"));
    MORE_PANELS.put("Tool Selection", List.of("Selection Hit Rate by Type", "Selection Misses"));
    MORE_PANELS.put("Provider Pool", List.of("Active Providers"));
    MORE_PANELS.put("Tool Execution", List.of("Tool Execution Latency P99", "Top Tools by Execution"));
    MORE_PANELS.put("System", List.of("Replicas"));
    MORE_PANELS.put("GenAI", List.of("Prompt Cache Hit Ratio", "Time to First Chunk P95", "Tokens by Type",
        "Cost per Hour", "Daily Budget Burn Rate", "Rate-Limit Headroom", "Calls per Agent Invocation P95",
        "Repeated Tool Calls"));
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

  /**
   * Every alert's promtool test has several replicas; after its {@code for} it fires only for the subject named
   * "above" (a service whose replicas together cross the threshold, or one replica), and before it, not at all.
   */
  @Test
  void everyAlertIsTestedWithSeveralReplicasAboveBelowAndBeforeItsForDuration() {
    Map<String, Object> tests = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("rules/tests/victor-alerts.test.yml")));
    Map<String, List<Map<String, Object>>> casesByAlert = new LinkedHashMap<>();
    Map<String, Set<String>> replicasByAlert = new LinkedHashMap<>();
    for (Map<String, Object> test : Assets.list(tests.get("tests"))) {
      Set<String> replicas = new HashSet<>();
      Assets.list(test.get("input_series")).forEach(s -> {
        String series = (String) s.get("series");
        replicas.add(series.replaceAll(".*job=\"([^\"]*)\".*", "$1") + "/"
            + series.replaceAll(".*instance=\"([^\"]*)\".*", "$1"));
      });
      for (Map<String, Object> check : Assets.list(test.get("alert_rule_test"))) {
        casesByAlert.computeIfAbsent((String) check.get("alertname"), k -> new ArrayList<>()).add(check);
        replicasByAlert.computeIfAbsent((String) check.get("alertname"), k -> new HashSet<>()).addAll(replicas);
      }
    }
    for (Alert alert : Assets.alerts()) {
      List<Map<String, Object>> cases = casesByAlert.getOrDefault(alert.name(), List.of());
      assertThat(replicasByAlert.get(alert.name())).as(alert.name() + " input replicas").hasSizeGreaterThanOrEqualTo(3);
      long forMinutes = alert.forDuration() == null ? 0 : Long.parseLong(alert.forDuration().replace("m", ""));
      assertThat(cases).as(alert.name() + " fires for the subject above only, after its for")
          .anyMatch(c -> minutes(c) >= forMinutes && !Assets.list(c.get("exp_alerts")).isEmpty()
              && Assets.list(c.get("exp_alerts")).stream().allMatch(PipelineAssetsTest::forAbove));
      if (forMinutes > 0) {
        assertThat(cases).as(alert.name() + " does not fire before its for")
            .anyMatch(c -> minutes(c) < forMinutes && Assets.list(c.get("exp_alerts")).isEmpty());
      }
    }
  }

  /** A per-replica alert names the replica "above"; a service-level one, the service "above". */
  private static boolean forAbove(Map<String, Object> expected) {
    Map<String, Object> labels = Assets.map(expected.get("exp_labels"));
    Object subject = labels.containsKey("instance") ? labels.get("instance") : labels.get("job");
    return String.valueOf(subject).startsWith("above");
  }

  @Test
  void theSeedRunbookAlertsKeepTheirThresholdsAndDurations() {
    Map<String, Alert> byName = Assets.alerts().stream().collect(Collectors.toMap(Alert::name, a -> a));
    for (List<String> seed : SEED_ALERTS) {
      Alert alert = byName.get(seed.get(1));
      assertThat(alert).as(seed.get(1)).isNotNull();
      String comparison = alert.expr().substring(alert.lhs().length()).strip().split("\\s+and on")[0].strip();
      assertThat(List.of(alert.group(), alert.name(), (String) alert.labels().get("severity"), comparison,
          alert.forDuration() == null ? "" : alert.forDuration(), alert.lhs())).isEqualTo(seed);
    }
    assertThat(byName).hasSizeGreaterThan(SEED_ALERTS.size());
  }

  /**
   * Alerts about shared things read a service-level rule, keep no instance and carry the minimum-traffic guard;
   * per-process alerts keep to replicas that report (or work) and name the replica's pod or process.
   */
  @Test
  void sharedSignalsAlertPerServiceAndProcessSignalsPerReplica() {
    for (Alert alert : Assets.alerts()) {
      String description = (String) alert.annotations().get("description");
      if (alert.lhs().startsWith("victor:service:")) {
        if (!alert.name().equals("ServiceDown")) { // no traffic at all is its point
          assertThat(alert.on()).as(alert.name()).isNotNull().doesNotContain("instance");
          assertThat(alert.condition()).as(alert.name() + " guard").endsWith(GUARD)
              .matches("(sum by \\(job\\) \\()?victor:service:[a-z_]+_(requests|lookups|selections|executions|invocations)"
                  + ":rate5m\\)? >= 10/300");
        }
        assertThat(description).as(alert.name()).doesNotContain("$labels.instance");
      } else if (!alert.name().equals("CollectorDown")) {
        assertThat(alert.on() == null ? "job, instance" : alert.on()).as(alert.name()).isEqualTo("job, instance");
        if (alert.condition() != null) {
          assertThat(alert.condition()).as(alert.name()).isIn(REPORTING, WORKING);
        } else {
          assertThat(alert.lhs()).as(alert.name() + ": a rate or the reporting state itself")
              .matches("victor:instance:(reporting|cache_evictions:rate5m)");
        }
        assertThat(description).as(alert.name() + " names the pod").contains("target_info").contains("k8s_pod_name");
      }
    }
  }

  @Test
  void everyAlertCarriesSeveritySignalAnnotationsAndARunbookSection() throws IOException {
    Set<String> anchors = anchors(PipelineTools.REPO.resolve("docs/runbook.md"));
    String runbook = Files.readString(PipelineTools.REPO.resolve("docs/runbook.md"), StandardCharsets.UTF_8);
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
      assertThat(section(runbook, alert.name())).as("runbook section of " + alert.name() + " has a log step")
          .contains("**Logs**");
    }
  }

  /** The text of a runbook section, from its heading to the next heading. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n### " + heading + "\n");
    assertThat(start).as("section " + heading).isNotNegative();
    int end = markdown.indexOf("\n#", start + 1);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  @Test
  void alertmanagerConfigIsValid() {
    String out = PipelineTools.check(PipelineTools.amtool().toString(), "check-config", "alertmanager.yml");
    assertThat(out).contains("SUCCESS").contains("3 inhibit rules").contains("3 receivers");
    Map<String, Object> route = Assets.map(Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("alertmanager.yml")))
        .get("route"));
    assertThat(route.get("group_by")).as("one notification per service and problem, whatever the replicas")
        .isEqualTo(List.of("alertname", "job"));
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
  void theDashboardHasTheSeedPanelsInTheSeedRowsAndAServiceView() {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (Panel panel : Assets.panels()) {
      rows.computeIfAbsent(panel.row(), k -> new ArrayList<>()).add(panel.title());
      assertThat(panel.queries()).as(panel.title()).isNotEmpty();
      for (String query : panel.queries()) {
        if (query.contains("victor:service:")) {
          assertThat(query).as(panel.title() + ": a service rule has no instance").doesNotContain("instance=~");
        }
      }
    }
    SEED_PANELS.forEach((row, titles) -> assertThat(rows.get(row)).as(row).containsAll(titles));
    MORE_PANELS.forEach((row, titles) -> assertThat(rows.get(row)).as(row).containsAll(titles));
    assertThat(Assets.panels()).filteredOn(p -> p.title().equals("Active Alerts")).singleElement()
        .satisfies(p -> assertThat(p.queries().get(0)).as("only the selected services").contains("job=~\"$job\""));
    Map<String, Object> dashboard = Assets.map(Assets.yaml(Assets.DASHBOARD));
    List<Map<String, Object>> variables = Assets.list(Assets.map(dashboard.get("templating")).get("list"));
    assertThat(variables).anyMatch(v -> "datasource".equals(v.get("type")) && "prometheus".equals(v.get("query")));
    assertThat(variables).extracting(v -> v.get("name"))
        .contains("job", "instance", "namespace", "provider", "tool");
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
  void theCollectorAcceptsTheShippedConfigs() {
    String collector = PipelineTools.collector().toString();
    PipelineTools.check(collector, "validate", "--config=otel-collector.yaml");
    PipelineTools.check(collector, "validate", "--config=otel-agent.yaml");
    // Kubernetes merges its overlay over the agent config; k8s_attributes needs the node's name.
    PipelineTools.check(Map.of("KUBE_NODE_NAME", "node-1"), collector, "validate", "--config=otel-agent.yaml",
        "--config=otel-agent-k8s.yaml");
  }

  @Test
  void deploymentFilesParseAndMountOnlyShippedFiles() throws IOException {
    Map<String, Object> compose = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("docker-compose.yml")));
    Map<String, Object> services = Assets.map(compose.get("services"));
    assertThat(services).containsKeys("otel-agent", "otel-gateway-1", "otel-gateway-2", "prometheus", "alertmanager",
        "grafana", "sample-agent");
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
    assertThat(kinds).contains("Namespace", "Deployment", "DaemonSet", "Service", "PersistentVolumeClaim",
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding");
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
