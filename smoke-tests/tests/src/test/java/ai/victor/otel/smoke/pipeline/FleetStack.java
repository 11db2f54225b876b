package ai.victor.otel.smoke.pipeline;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet's monitoring pipeline on loopback: one agent-tier collector running the shipped {@code otel-agent.yaml},
 * two gateways running the shipped {@code otel-collector.yaml}, Prometheus scraping each gateway as its own target,
 * and Alertmanager, all real. What differs from the shipped files:
 *
 * <ul>
 *   <li>the agent reaches the gateways through a static list of loopback ports instead of DNS (a merged config
 *       overlay, as Kubernetes merges {@code otel-agent-k8s.yaml});
 *   <li>time runs {@value #SPEEDUP} times faster: every range and offset in the shipped rules, every {@code for},
 *       and the gateways' {@code metric_expiration} are divided by it (a minute becomes 4 s), with scrape and
 *       evaluation every second, so that each scenario takes seconds and keeps the shipped proportions. Rates stay
 *       per second, so the minimum-traffic guards keep their meaning;
 *   <li>Alertmanager as in {@link PipelineStack}: the shipped routing and inhibition, 1 s grouping waits, webhooks.
 * </ul>
 */
final class FleetStack implements AutoCloseable {

  static final int SPEEDUP = 15;
  static final int GATEWAYS = 2;
  private static final Pattern RANGE = Pattern.compile("\\[(\\d+)([mh])]");
  private static final Pattern OFFSET = Pattern.compile("offset (\\d+)([mh])");

  final int agentOtlpHttpPort = FreePort.find();
  final int prometheusPort = FreePort.find();
  final int alertmanagerPort = FreePort.find();
  final List<Integer> gatewayExporterPorts = new ArrayList<>();
  private final List<Integer> gatewayOtlpPorts = new ArrayList<>();
  private final List<Integer> telemetryPorts = new ArrayList<>();
  private final List<ForkedApp> processes = new ArrayList<>();
  private final Path dir;

  private FleetStack(Path dir) {
    this.dir = dir;
    for (int i = 0; i < GATEWAYS; i++) {
      gatewayExporterPorts.add(FreePort.find());
      gatewayOtlpPorts.add(FreePort.find());
    }
  }

  static FleetStack start(String tracesEndpoint, WebhookReceiver webhooks) {
    Path collector = PipelineTools.collector();
    FleetStack stack;
    try {
      stack = new FleetStack(Files.createTempDirectory("victor-fleet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      stack.startAll(collector, tracesEndpoint, webhooks);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  String agentOtlpHttp() {
    return "http://127.0.0.1:" + agentOtlpHttpPort;
  }

  String prometheusUrl() {
    return "http://127.0.0.1:" + prometheusPort;
  }

  /** The JSON-lines log file gateway {@code i} writes. */
  Path logsFile(int gateway) {
    return dir.resolve("logs-" + gateway + "/victor-logs.jsonl");
  }

  /** A shipped duration in the stack's time: {@code 5m} becomes {@code 20s}. */
  static String compress(String duration) {
    Matcher m = Pattern.compile("(\\d+)([smh])").matcher(duration);
    if (!m.matches()) {
      throw new IllegalArgumentException(duration);
    }
    long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
      case "h" -> 3600;
      case "m" -> 60;
      default -> 1;
    };
    return Math.max(1, seconds / SPEEDUP) + "s";
  }

  private void startAll(Path collector, String tracesEndpoint, WebhookReceiver webhooks) {
    for (int i = 0; i < GATEWAYS; i++) {
      createDirectories(logsFile(i).getParent()); // the file exporter opens, but does not create, its folder
    }
    List<ForkedApp> gateways = new ArrayList<>();
    List<String> hostnames = new ArrayList<>();
    for (int i = 0; i < GATEWAYS; i++) {
      int telemetry = FreePort.find();
      telemetryPorts.add(telemetry);
      int health = FreePort.find();
      hostnames.add("127.0.0.1:" + gatewayOtlpPorts.get(i));
      ForkedApp gateway = track(ForkedApp.builder("otelcol-gateway-" + i).java(collector)
          .args("--config=" + PipelineTools.ASSETS.resolve("otel-collector.yaml"))
          .env("OTLP_GRPC_ENDPOINT", "127.0.0.1:" + gatewayOtlpPorts.get(i))
          .env("OTLP_HTTP_ENDPOINT", "127.0.0.1:" + FreePort.find())
          .env("PROMETHEUS_EXPORTER_ENDPOINT", "127.0.0.1:" + gatewayExporterPorts.get(i))
          .env("HEALTH_CHECK_ENDPOINT", "127.0.0.1:" + health)
          .env("COLLECTOR_TELEMETRY_HOST", "127.0.0.1")
          .env("COLLECTOR_TELEMETRY_PORT", String.valueOf(telemetry))
          .env("TRACES_OTLP_ENDPOINT", tracesEndpoint)
          .env("LOGS_FILE", logsFile(i).toString())
          .env("METRIC_EXPIRATION", compress("10m"))
          .start());
      gateways.add(gateway);
      PipelineStack.awaitReady(gateway, "http://127.0.0.1:" + health + "/");
    }
    Map<String, Object> overlay = Map.of("exporters", Map.of("load_balancing", Map.of("resolver",
        mapOf("dns", null, "static", Map.of("hostnames", hostnames)))));
    Path agentOverlay = PipelineStack.write(dir, "otel-agent-loopback.yaml", overlay);
    int agentTelemetry = FreePort.find();
    telemetryPorts.add(agentTelemetry);
    int agentHealth = FreePort.find();
    ForkedApp agent = track(ForkedApp.builder("otelcol-agent").java(collector)
        .args("--config=" + PipelineTools.ASSETS.resolve("otel-agent.yaml"), "--config=" + agentOverlay)
        .env("OTLP_GRPC_ENDPOINT", "127.0.0.1:" + FreePort.find())
        .env("OTLP_HTTP_ENDPOINT", "127.0.0.1:" + agentOtlpHttpPort)
        .env("HEALTH_CHECK_ENDPOINT", "127.0.0.1:" + agentHealth)
        .env("COLLECTOR_TELEMETRY_HOST", "127.0.0.1")
        .env("COLLECTOR_TELEMETRY_PORT", String.valueOf(agentTelemetry))
        .start());
    Path amConfig = PipelineStack.write(dir, "alertmanager.yml", PipelineStack.alertmanagerCopy(webhooks));
    ForkedApp am = track(ForkedApp.builder("alertmanager").java(PipelineTools.alertmanager())
        .args("--config.file=" + amConfig, "--storage.path=" + dir.resolve("alertmanager"),
            "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
        .start());
    Path recording = PipelineStack.write(dir, "victor-recording.rules.yml", rulesCopy(Assets.RECORDING_RULES));
    Path alerts = PipelineStack.write(dir, "victor-alerts.rules.yml", rulesCopy(Assets.ALERT_RULES));
    Path promConfig = PipelineStack.write(dir, "prometheus.yml", prometheusCopy(List.of(recording, alerts)));
    ForkedApp prom = track(ForkedApp.builder("prometheus").java(PipelineTools.prometheus())
        .args("--config.file=" + promConfig, "--storage.tsdb.path=" + dir.resolve("prometheus"),
            "--web.listen-address=127.0.0.1:" + prometheusPort)
        .start());
    PipelineStack.awaitReady(agent, "http://127.0.0.1:" + agentHealth + "/");
    PipelineStack.awaitReady(am, "http://127.0.0.1:" + alertmanagerPort + "/-/ready");
    PipelineStack.awaitReady(prom, prometheusUrl() + "/-/ready");
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private ForkedApp track(ForkedApp app) {
    processes.add(app);
    return app;
  }

  /** The shipped config with every gateway (exporter) and every collector (own metrics) as loopback targets. */
  private Map<String, Object> prometheusCopy(List<Path> ruleFiles) {
    Map<String, Object> config = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("prometheus.yml")));
    Map<String, Object> global = Assets.map(config.get("global"));
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    config.put("rule_files", ruleFiles.stream().map(Path::toString).toList());
    Map<String, Object> alerting = Assets.map(config.get("alerting"));
    alerting.put("alertmanagers", List.of(Map.of("static_configs",
        List.of(Map.of("targets", List.of("127.0.0.1:" + alertmanagerPort))))));
    for (Map<String, Object> scrape : Assets.list(config.get("scrape_configs"))) {
      List<Integer> ports = scrape.get("job_name").equals("otel-collector") ? gatewayExporterPorts : telemetryPorts;
      scrape.remove("dns_sd_configs");
      scrape.put("static_configs", List.of(Map.of("targets", ports.stream().map(p -> "127.0.0.1:" + p).toList())));
    }
    return config;
  }

  /** The shipped rules in the stack's time (ranges, offsets and {@code for} divided by {@link #SPEEDUP}). */
  static Map<String, Object> rulesCopy(Path rules) {
    Map<String, Object> copy = Assets.map(Assets.yaml(rules));
    for (Map<String, Object> group : Assets.list(copy.get("groups"))) {
      for (Map<String, Object> rule : Assets.list(group.get("rules"))) {
        String expr = (String) rule.get("expr");
        expr = RANGE.matcher(expr).replaceAll(m -> "[" + compress(m.group(1) + m.group(2)) + "]");
        expr = OFFSET.matcher(expr).replaceAll(m -> "offset " + compress(m.group(1) + m.group(2)));
        rule.put("expr", expr);
        if (rule.get("for") != null) {
          rule.put("for", compress((String) rule.get("for")));
        }
      }
    }
    return copy;
  }

  @Override
  public void close() {
    for (ForkedApp process : processes) {
      process.close();
    }
    PipelineStack.deleteTree(dir);
  }
}
