package ai.victor.otel.smoke.pipeline;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The real collector, Prometheus and Alertmanager on free loopback ports, each in its own temporary directory. The
 * collector runs the shipped {@code otel-collector.yaml} unchanged (its addresses come from the environment);
 * Prometheus and Alertmanager run test copies of the shipped files that differ only where a test must be quicker or
 * must not reach the outside world:
 *
 * <ul>
 *   <li>scrape and rule evaluation every second instead of 15 s / 30 s, and the rules' 5-minute rate windows
 *       compressed to 20 s, so that a minute of traffic weighs what it would over five;
 *   <li>besides the shipped alert rules (their real {@code for}), a copy of them with {@code for} removed and the
 *       label {@code e2e="for0"}, so that notifications reach Alertmanager within the test's time;
 *   <li>Alertmanager's routing tree and inhibition rules as shipped, with 1 s grouping waits and each receiver's
 *       pager, e-mail and Slack integrations replaced by a webhook to {@link WebhookReceiver}.
 * </ul>
 *
 * {@link #close()} ends every process; the harness's shutdown hook does it too if the test JVM exits first.
 */
final class PipelineStack implements AutoCloseable {

  static final String FOR0_LABEL = "e2e";
  private static final Duration READY = Duration.ofSeconds(60);

  final int otlpHttpPort = FreePort.find();
  final int exporterPort = FreePort.find();
  final int prometheusPort = FreePort.find();
  final int alertmanagerPort = FreePort.find();
  private final int otlpGrpcPort = FreePort.find();
  private final int telemetryPort = FreePort.find();
  private final int healthPort = FreePort.find();
  private final List<ForkedApp> processes = new ArrayList<>();
  private final Path dir;

  private PipelineStack(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts the three programs and waits until each answers its readiness endpoint.
   *
   * @param tracesEndpoint the OTLP/HTTP base URL the collector forwards traces to
   * @param webhooks where the receivers' notifications go
   */
  static PipelineStack start(String tracesEndpoint, WebhookReceiver webhooks) {
    Path collector = PipelineTools.collector();
    Path prometheus = PipelineTools.prometheus();
    Path alertmanager = PipelineTools.alertmanager();
    PipelineStack stack;
    try {
      stack = new PipelineStack(Files.createTempDirectory("victor-pipeline"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      stack.startAll(collector, prometheus, alertmanager, tracesEndpoint, webhooks);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  String collectorOtlpHttp() {
    return "http://127.0.0.1:" + otlpHttpPort;
  }

  String prometheusUrl() {
    return "http://127.0.0.1:" + prometheusPort;
  }

  String alertmanagerUrl() {
    return "http://127.0.0.1:" + alertmanagerPort;
  }

  private void startAll(Path collector, Path prometheus, Path alertmanager, String tracesEndpoint,
      WebhookReceiver webhooks) {
    FleetStack.createDirectories(dir.resolve("logs"));
    ForkedApp col = track(ForkedApp.builder("otelcol").java(collector)
        .args("--config=" + PipelineTools.ASSETS.resolve("otel-collector.yaml"))
        .env("OTLP_GRPC_ENDPOINT", "127.0.0.1:" + otlpGrpcPort)
        .env("OTLP_HTTP_ENDPOINT", "127.0.0.1:" + otlpHttpPort)
        .env("PROMETHEUS_EXPORTER_ENDPOINT", "127.0.0.1:" + exporterPort)
        .env("HEALTH_CHECK_ENDPOINT", "127.0.0.1:" + healthPort)
        .env("COLLECTOR_TELEMETRY_HOST", "127.0.0.1")
        .env("COLLECTOR_TELEMETRY_PORT", String.valueOf(telemetryPort))
        .env("TRACES_OTLP_ENDPOINT", tracesEndpoint)
        .env("LOGS_FILE", dir.resolve("logs/victor-logs.jsonl").toString())
        .start());
    Path amConfig = write("alertmanager.yml", alertmanagerCopy(webhooks));
    ForkedApp am = track(ForkedApp.builder("alertmanager").java(alertmanager)
        .args("--config.file=" + amConfig, "--storage.path=" + dir.resolve("alertmanager"),
            "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
        .start());
    Path recording = write("victor-recording.rules.yml", rulesCopy(Assets.RECORDING_RULES, false));
    Path alerts = write("victor-alerts.rules.yml", rulesCopy(Assets.ALERT_RULES, false));
    Path for0 = write("victor-alerts-for0.rules.yml", rulesCopy(Assets.ALERT_RULES, true));
    Path promConfig = write("prometheus.yml", prometheusCopy(List.of(recording, alerts, for0)));
    ForkedApp prom = track(ForkedApp.builder("prometheus").java(prometheus)
        .args("--config.file=" + promConfig, "--storage.tsdb.path=" + dir.resolve("prometheus"),
            "--web.listen-address=127.0.0.1:" + prometheusPort)
        .start());
    awaitReady(col, "http://127.0.0.1:" + healthPort + "/");
    awaitReady(am, alertmanagerUrl() + "/-/ready");
    awaitReady(prom, prometheusUrl() + "/-/ready");
  }

  private ForkedApp track(ForkedApp app) {
    processes.add(app);
    return app;
  }

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
      int port = scrape.get("job_name").equals("otel-collector") ? exporterPort : telemetryPort;
      scrape.remove("dns_sd_configs");
      scrape.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + port))));
    }
    return config;
  }

  private static Map<String, Object> rulesCopy(Path rules, boolean for0) {
    Map<String, Object> copy = Assets.map(Assets.yaml(rules));
    for (Map<String, Object> group : Assets.list(copy.get("groups"))) {
      if (for0) {
        group.put("name", group.get("name") + "_for0");
      }
      for (Map<String, Object> rule : Assets.list(group.get("rules"))) {
        rule.put("expr", ((String) rule.get("expr")).replace("[5m]", "[20s]"));
        if (for0) {
          rule.remove("for");
          Map<String, Object> labels = new LinkedHashMap<>(Assets.map(rule.get("labels")));
          labels.put(FOR0_LABEL, "for0");
          rule.put("labels", labels);
        }
      }
    }
    return copy;
  }

  static Map<String, Object> alertmanagerCopy(WebhookReceiver webhooks) {
    Map<String, Object> config = Assets.map(Assets.yaml(PipelineTools.ASSETS.resolve("alertmanager.yml")));
    // The SMTP and Slack settings name secret files that only exist where the stack is deployed.
    config.put("global", Map.of("resolve_timeout", "5m"));
    quicken(Assets.map(config.get("route")));
    for (Map<String, Object> receiver : Assets.list(config.get("receivers"))) {
      String name = (String) receiver.get("name");
      receiver.keySet().removeIf(key -> key.endsWith("_configs"));
      receiver.put("webhook_configs", List.of(Map.of("url", webhooks.url(name), "send_resolved", false)));
    }
    return config;
  }

  private static void quicken(Map<String, Object> route) {
    route.put("group_wait", "1s");
    route.put("group_interval", "1s");
    Assets.list(route.get("routes")).forEach(PipelineStack::quicken);
  }

  private Path write(String name, Map<String, Object> content) {
    return write(dir, name, content);
  }

  static Path write(Path dir, String name, Map<String, Object> content) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, new Yaml(options).dump(content), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static void awaitReady(ForkedApp app, String url) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      try {
        if (Http.status(url) == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      if (!app.handle().isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(url + " did not become ready (" + (app.handle().isAlive() ? "timed out" : "exited")
            + "); log " + app.logFile() + ":\n" + String.join("\n", tail(app.logLines())));
      }
      sleep(Duration.ofMillis(200));
    }
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 30), lines.size());
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (ForkedApp process : processes) {
      process.close();
    }
    deleteTree(dir);
  }

  static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is not worth failing the test for
    }
  }
}
