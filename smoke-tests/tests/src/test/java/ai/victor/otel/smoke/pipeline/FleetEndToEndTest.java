package ai.victor.otel.smoke.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.pipeline.PrometheusApi.ActiveAlert;
import ai.victor.otel.smoke.pipeline.PrometheusApi.Sample;
import ai.victor.otel.smoke.pipeline.WebhookReceiver.Delivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The monitoring stack as a fleet runs it: three replicas of the sample service under the real agent and extension
 * send OTLP to one agent-tier collector, which routes each replica to one of two gateways (load_balancing); Prometheus
 * scrapes both gateways and evaluates the shipped rules; Alertmanager routes with the shipped config to a loopback
 * webhook. Time in the rules runs {@value FleetStack#SPEEDUP} times faster ({@link FleetStack}). The scenarios run in
 * order on the same processes:
 *
 * <ol>
 *   <li>each replica is exported by exactly one gateway; every dashboard panel has data;
 *   <li>a provider outage on every replica: one notification per alert for the service, every replica stays ready,
 *       and the failover is logged with trace ids in the gateways' log files;
 *   <li>a replica killed with {@code kill -9}: ReplicaDown fires and names its process; nothing else of it stays;
 *   <li>a replica that went idle with a bad history (its tools failing): none of its alerts fires from history;
 *   <li>the survivors' totals in Prometheus equal what each JVM counted; no counter reset anywhere;
 *   <li>requests of about 20 s on one replica: DegradedResponseTime pending, SlowResponseTime not;
 *   <li>every replica gone: ServiceDown fires.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndTest {

  private static final String JOB = "sample-agent";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration PAUSE = Duration.ofMillis(150);

  private OtlpReceiver traces;
  private WebhookReceiver webhooks;
  private FleetStack stack;
  private PrometheusApi prometheus;
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final Map<String, Traffic> traffic = new HashMap<>();
  private long started;

  /** One replica: its process, its app and endpoint URLs, and its instance label (service.instance.id). */
  private record Replica(String instance, ForkedApp app, String url, String endpoint) {}

  @BeforeAll
  void startFleet() {
    started = System.nanoTime();
    traces = OtlpReceiver.start();
    webhooks = WebhookReceiver.start();
    stack = FleetStack.start(traces.endpoint(), webhooks);
    prometheus = new PrometheusApi(stack.prometheusUrl());
    Map<String, ForkedApp.Builder> builders = new LinkedHashMap<>();
    Map<String, Integer> endpointPorts = new HashMap<>();
    for (String name : List.of("a", "b", "c")) {
      int endpointPort = FreePort.find();
      endpointPorts.put(name, endpointPort);
      ForkedApp.Builder builder = ForkedApp.sampleUnderAgent("fleet-" + name, traces)
          .jvmArgs("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
          .systemProperty("otel.exporter.otlp.endpoint", stack.agentOtlpHttp())
          .systemProperty("otel.logs.exporter", "otlp")
          .systemProperty("otel.resource.attributes", "service.instance.id=replica-" + name)
          .systemProperty("victor.otel.derived.window-seconds", "5")
          .systemProperty("victor.otel.endpoint.enabled", "true")
          .systemProperty("victor.otel.endpoint.host", "127.0.0.1")
          .systemProperty("victor.otel.endpoint.port", String.valueOf(endpointPort));
      if (name.equals("c")) {
        // Replica c's tools fail from the start: a history that in-process gauges keep once it is idle.
        builder.systemProperty("sample.tool.search.failure-rate", "1.0").systemProperty("sample.tool.weather.failure-rate", "1.0")
            .systemProperty("sample.tool.calculator.failure-rate", "1.0");
      }
      builders.put(name, builder);
    }
    Map<String, ForkedApp> apps = new LinkedHashMap<>();
    builders.forEach((name, builder) -> apps.put(name, builder.start()));
    apps.forEach((name, app) -> {
      String url = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(180));
      replicas.put(name, new Replica("replica-" + name, app, url, "http://127.0.0.1:" + endpointPorts.get(name)));
    });
    replicas.forEach((name, r) -> traffic.put(name, Traffic.start(name, r.url(), 2, PAUSE)));
    System.out.println("FLEET started in " + seconds(started) + " s");
  }

  @AfterAll
  void stopFleet() {
    traffic.values().forEach(Traffic::stop);
    List<AutoCloseable> closeables = new ArrayList<>();
    replicas.values().forEach(r -> closeables.add(r.app()));
    closeables.addAll(java.util.Arrays.asList(stack, webhooks, traces));
    for (AutoCloseable closeable : closeables) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
    System.out.println("FLEET test took " + seconds(started) + " s");
  }

  @Test
  @Order(1)
  void eachReplicaIsExportedByOneGatewayAndEveryPanelHasData() {
    await("three replicas reporting", () -> number("victor:service:replicas_reporting:count{job=\"" + JOB + "\"}")
        == 3 ? Boolean.TRUE : null, () -> "reporting: " + prometheus.query("victor:instance:reporting"));
    List<Set<String>> byGateway = new ArrayList<>();
    for (int port : stack.gatewayExporterPorts) {
      byGateway.add(instancesIn(Http.get("http://127.0.0.1:" + port + "/metrics")));
    }
    System.out.println("FLEET instances by gateway: " + byGateway);
    Set<String> all = new TreeSet<>();
    byGateway.forEach(all::addAll);
    assertThat(all).containsExactly("replica-a", "replica-b", "replica-c");
    Set<String> both = new TreeSet<>(byGateway.get(0));
    both.retainAll(byGateway.get(1));
    assertThat(both).as("instances exported by both gateways").isEmpty();

    List<String> expressions = new ArrayList<>();
    // The MCP panels need an MCP service, which the fleet of sample services is not:
    // PipelineEndToEndTest runs one and proves them.
    Assets.panels().stream().filter(p -> !p.row().equals("MCP"))
        .forEach(p -> p.queries().forEach(q -> expressions.add(Assets.resolve(q))));
    await("a number from every panel query", () -> expressions.stream().allMatch(this::hasNumber) ? Boolean.TRUE
        : null, () -> "no data: " + expressions.stream().filter(e -> !hasNumber(e)).toList());
    // The bucket bounds the agent and the extension really export, which the promtool tests use.
    for (String histogram : List.of("http_server_request_duration_seconds", "victor_provider_latency_ms",
        "victor_tool_duration_ms", "victor_tool_selection_latency_ms")) {
      Set<String> bounds = new TreeSet<>((x, y) -> Double.compare(bound(x), bound(y)));
      prometheus.query("count by (le) (" + histogram + "_bucket)").forEach(b -> bounds.add(b.labels().get("le")));
      System.out.println("FLEET " + histogram + " le: " + bounds);
      assertThat(bounds).as(histogram).contains("+Inf");
    }
    System.out.println("FLEET series with 3 replicas: " + number("count({job=\"" + JOB + "\"})")
        + " of the service, " + number("count({__name__=~\".+\"})") + " in Prometheus");
  }

  @Test
  @Order(2)
  void aSharedProviderOutageIsOneNotificationPerAlertAndEveryReplicaStaysReady() throws IOException {
    long start = System.nanoTime();
    replicas.values().forEach(r -> Http.get(r.url() + "/admin/faults?sample.provider.openai.error-rate=1.0"));
    Timing timing = new Timing("CriticalProviderFailureRate", a -> "openai".equals(a.labels().get("provider")));
    await("CriticalProviderFailureRate delivered", () -> {
      timing.observe(prometheus.alerts(), start);
      replicas.values().forEach(r -> assertThat(Http.status(r.endpoint() + "/health/ready"))
          .as("readiness of " + r.instance() + " during the outage").isEqualTo(200));
      return criticalNotifications("CriticalProviderFailureRate") > 0 ? Boolean.TRUE : null;
    }, () -> "alerts: " + prometheus.alerts());
    // Alertmanager would send a second notification of a group within group_interval (1 s here): wait several.
    PipelineStack.sleep(Duration.ofSeconds(5));
    replicas.values().forEach(r -> assertThat(Http.status(r.endpoint() + "/health/ready")).isEqualTo(200));
    List<Delivery> provider = webhooks.deliveries().stream()
        .filter(d -> "openai".equals(d.labels().get("provider"))).toList();
    assertThat(provider).as("provider notifications").isNotEmpty()
        .allMatch(d -> d.alertname().endsWith("ProviderFailureRate") || d.alertname().equals("UnhealthyProviders"))
        .allMatch(d -> !d.labels().containsKey("instance"));
    assertThat(criticalNotifications("CriticalProviderFailureRate")).as("pages for one outage on 3 replicas")
        .isEqualTo(1);
    // Every service-level alert is one notification, whatever the replicas. (The failure ratio of a provider
    // the pool stops calling can cross 10 % well before 30 %: its warning may arrive before the page inhibits it.)
    Map<String, Set<Integer>> perAlert = new TreeMap<>();
    webhooks.deliveries().stream().filter(d -> !d.labels().containsKey("instance"))
        .forEach(d -> perAlert.computeIfAbsent(d.alertname(), k -> new TreeSet<>()).add(d.notification()));
    assertThat(perAlert).as("every service-level alert, once").isNotEmpty()
        .allSatisfy((name, notifications) -> assertThat(notifications).as(name).hasSize(1));
    timing.report(provider.size());
    assertThat(prometheus.alerts()).as("the warning twins are active but inhibited")
        .anyMatch(a -> a.name().equals("HighProviderFailureRate") || a.name().equals("UnhealthyProviders"));

    // The failed calls were logged through java.util.logging, with the request's trace: the gateways wrote them.
    String logs = await("failover logs in the gateways' files", () -> {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < FleetStack.GATEWAYS; i++) {
        Path file = stack.logsFile(i);
        try {
          text.append(Files.exists(file) ? Files.readString(file) : "");
        } catch (IOException e) {
          return null;
        }
      }
      return text.indexOf("provider openai failed") >= 0 ? text.toString() : null;
    });
    Matcher record = Pattern.compile("\\{[^{}]*provider openai failed[^{}]*}[^{}]*\"traceId\":\"([0-9a-f]{32})\"")
        .matcher(logs);
    assertThat(record.find()).as("a failover record with its trace id").isTrue();
    replicas.values().forEach(r -> Http.get(r.url() + "/admin/faults?sample.provider.openai.error-rate=0.02"));
  }

  @Test
  @Order(3)
  void aKilledReplicaFiresReplicaDownAndLeavesNothingElseFiring() {
    Replica b = replicas.get("b");
    traffic.get("b").stop();
    long pid = b.app().handle().pid();
    long start = System.nanoTime();
    b.app().handle().destroyForcibly(); // SIGKILL
    Timing timing = new Timing("ReplicaDown", a -> b.instance().equals(a.labels().get("instance")));
    await("ReplicaDown for " + b.instance(), () -> {
      timing.observe(prometheus.alerts(), start);
      return webhooks.deliveries().stream().anyMatch(d -> d.alertname().equals("ReplicaDown")
          && b.instance().equals(d.labels().get("instance"))) ? Boolean.TRUE : null;
    }, () -> "alerts: " + prometheus.alerts());
    List<Delivery> down = webhooks.deliveries().stream().filter(d -> d.alertname().equals("ReplicaDown")).toList();
    assertThat(down).allMatch(d -> d.receiver().equals("warning"));
    assertThat(down.get(0).annotations().get("description")).as("names the process")
        .contains(b.instance()).contains("pid " + pid);
    timing.report(down.size());
    assertThat(prometheus.alerts()).as("alerts of the dead replica besides ReplicaDown")
        .noneMatch(a -> b.instance().equals(a.labels().get("instance")) && !a.name().equals("ReplicaDown"));
  }

  @Test
  @Order(4)
  void anIdleReplicaFiresNothingFromItsHistory() {
    Replica c = replicas.get("c");
    traffic.get("c").stop();
    long start = System.nanoTime();
    // While c worked, a third of the service's tool calls failed; idle, it must not keep the service alerting.
    await("the tool alerts resolved and nothing of " + c.instance() + " active", () -> {
      List<ActiveAlert> alerts = prometheus.alerts();
      boolean quiet = alerts.stream().noneMatch(a -> c.instance().equals(a.labels().get("instance"))
          || a.name().endsWith("ToolErrorRate"));
      return quiet ? Boolean.TRUE : null;
    }, () -> "alerts: " + prometheus.alerts());
    System.out.println("FLEET idle replica quiet after " + seconds(start) + " s");
    assertThat(webhooks.deliveries()).as("c's tool failures were a service problem while it worked")
        .anyMatch(d -> d.alertname().equals("CriticalToolErrorRate"));
    // The in-process gauge still shows the lifetime history a per-replica rule on it would fire on.
    assertThat(number("victor_tool_error_rate{tool=\"overall\",instance=\"" + c.instance() + "\"}"))
        .as("c's windowed gauge, now its lifetime value").isGreaterThan(0.15);
    // Held for a while: nothing comes back from history.
    PipelineStack.sleep(Duration.ofSeconds(8));
    assertThat(prometheus.alerts()).noneMatch(a -> c.instance().equals(a.labels().get("instance")));
  }

  @Test
  @Order(5)
  void theSurvivorsTotalsEqualWhatEachJvmCountedWithoutAnyCounterReset() {
    Replica a = replicas.get("a");
    traffic.get("a").stop();
    for (Replica r : List.of(a, replicas.get("c"))) {
      Map<String, Double> counted = await(r.instance() + " totals in Prometheus equal the JVM's", () -> {
        Map<String, Double> jvm = jvmCounts(r);
        Map<String, Double> prom = prometheusCounts(r);
        return jvm.equals(prom) && !jvm.isEmpty() ? jvm : null;
      }, () -> "JVM " + jvmCounts(r) + ", Prometheus " + prometheusCounts(r));
      System.out.println("FLEET " + r.instance() + " totals equal: " + counted);
    }
    assertThat(number("sum(resets(victor_provider_requests_total[10m])) + sum(resets(victor_tool_executions_total"
        + "[10m])) + sum(resets(http_server_request_duration_seconds_count[10m]))")).as("counter resets")
        .isEqualTo(0);
  }

  @Test
  @Order(6)
  void requestsOfTwentySecondsOnOneReplicaMakeDegradedResponseTimePending() {
    Replica a = replicas.get("a");
    Http.get(a.url() + "/admin/faults?sample.provider.openai.latency-ms=20000");
    long start = System.nanoTime();
    Traffic slow = Traffic.start("a-slow", a.url(), 8, Duration.ofMillis(10));
    try {
      Timing timing = new Timing("DegradedResponseTime", x -> true);
      await("DegradedResponseTime pending", () -> {
        List<ActiveAlert> alerts = prometheus.alerts();
        timing.observe(alerts, start);
        return timing.pendingAt > 0 ? Boolean.TRUE : null;
      }, () -> "p95: " + prometheus.query("victor:service:http_server_duration_seconds:p95_5m"));
      timing.report(0);
      assertThat(prometheus.alerts()).as("P95 about 20 s is not above 30 s")
          .noneMatch(x -> x.name().equals("SlowResponseTime"));
      double p95 = number("victor:service:http_server_duration_seconds:p95_5m{job=\"" + JOB + "\"}");
      assertThat(p95).as("service P95 from buckets above 10 s").isBetween(10.0, 30.0);
    } finally {
      slow.stop();
    }
  }

  @Test
  @Order(7)
  void everyReplicaGoneFiresServiceDown() {
    long start = System.nanoTime();
    replicas.values().forEach(r -> r.app().handle().destroyForcibly());
    Timing timing = new Timing("ServiceDown", x -> JOB.equals(x.labels().get("job")));
    await("ServiceDown delivered", () -> {
      timing.observe(prometheus.alerts(), start);
      return criticalNotifications("ServiceDown") > 0 ? Boolean.TRUE : null;
    }, () -> "alerts: " + prometheus.alerts());
    timing.report((int) criticalNotifications("ServiceDown"));
  }

  /** When an alert was first seen pending and firing, in seconds after its scenario started. */
  private static final class Timing {
    final String alert;
    final Predicate<ActiveAlert> subject;
    double pendingAt;
    double firingAt;

    Timing(String alert, Predicate<ActiveAlert> subject) {
      this.alert = alert;
      this.subject = subject;
    }

    void observe(List<ActiveAlert> alerts, long start) {
      for (ActiveAlert a : alerts) {
        if (a.name().equals(alert) && subject.test(a)) {
          if (pendingAt == 0) {
            pendingAt = seconds(start);
          }
          if (firingAt == 0 && a.state().equals("firing")) {
            firingAt = seconds(start);
          }
        }
      }
    }

    void report(int notifications) {
      System.out.printf("FLEET %s: pending after %.1f s, firing after %.1f s (x%d compressed), %d notification(s)%n",
          alert, pendingAt, firingAt, FleetStack.SPEEDUP, notifications);
    }
  }

  private long criticalNotifications(String alertname) {
    return webhooks.deliveries().stream().filter(d -> d.receiver().equals("critical")
        && alertname.equals(d.alertname())).map(Delivery::notification).distinct().count();
  }

  /** Provider calls and tool executions as the JVM's endpoint counts them. */
  private Map<String, Double> jvmCounts(Replica r) {
    Map<String, Double> counts = new TreeMap<>();
    Map<String, Object> providers = Assets.map(Assets.yaml(Http.get(r.endpoint() + "/api/performance/providers")));
    for (Map<String, Object> p : Assets.list(providers.get("providers"))) {
      counts.put("provider " + p.get("provider"), ((Number) p.get("requests")).doubleValue());
    }
    Map<String, Object> tools = Assets.map(Assets.yaml(Http.get(r.endpoint() + "/api/performance/tools")));
    for (Map<String, Object> t : Assets.list(tools.get("tools"))) {
      Assets.map(t.get("executions")).forEach((status, n) ->
          counts.put("tool " + t.get("tool") + " " + status, ((Number) n).doubleValue()));
    }
    return counts;
  }

  private Map<String, Double> prometheusCounts(Replica r) {
    Map<String, Double> counts = new TreeMap<>();
    String instance = "{instance=\"" + r.instance() + "\"}";
    for (Sample s : prometheus.query("sum by (provider) (victor_provider_requests_total" + instance + ")")) {
      counts.put("provider " + s.labels().get("provider"), Double.parseDouble(s.value()));
    }
    for (Sample s : prometheus.query("sum by (tool, status) (victor_tool_executions_total" + instance + ")")) {
      counts.put("tool " + s.labels().get("tool") + " " + s.labels().get("status"), Double.parseDouble(s.value()));
    }
    return counts;
  }

  private static double bound(String le) {
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  private static Set<String> instancesIn(String exposition) {
    Set<String> instances = new HashSet<>();
    Matcher m = Pattern.compile("^victor_[a-z_]+\\{[^}]*instance=\"([^\"]+)\"", Pattern.MULTILINE).matcher(exposition);
    while (m.find()) {
      instances.add(m.group(1));
    }
    return instances;
  }

  private boolean hasNumber(String expr) {
    return prometheus.query(expr).stream().anyMatch(s -> !s.value().equals("NaN"));
  }

  private double number(String expr) {
    List<Sample> result = prometheus.query(expr);
    return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).value());
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
  }

  private static <T> T await(String what, Supplier<T> attempt) {
    return await(what, attempt, () -> "");
  }

  /** Retries {@code attempt} every half second until it returns non-null; fails with {@code state} after WAIT. */
  private static <T> T await(String what, Supplier<T> attempt, Supplier<String> state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T result = attempt.get();
      if (result != null) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ". " + state.get());
      }
      PipelineStack.sleep(Duration.ofMillis(500));
    }
  }
}
