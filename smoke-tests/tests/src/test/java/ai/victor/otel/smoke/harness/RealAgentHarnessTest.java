package ai.victor.otel.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.MetricsView.Metric;
import ai.victor.otel.smoke.harness.MetricsView.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the harness against the real agent without the extension, so a harness fault (wire format, protobuf runtime,
 * Prometheus text details) shows up here rather than as a puzzling failure of an extension smoke test.
 */
class RealAgentHarnessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void receivesTheAgentsOtlpMetricsAndScrapesItsPrometheusEndpoint() throws Exception {
    Path agent = Path.of(System.getProperty("victor.agent.jar", "target/agent/opentelemetry-javaagent.jar"));
    assertThat(agent).as("the javaagent copied by maven-dependency-plugin").isRegularFile();
    Path testClasses = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
    int prometheusPort = FreePort.find();

    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app =
            ForkedApp.builder("bare-agent")
                .jvmArgs("-javaagent:" + agent, "-Xmx128m")
                .systemProperty("otel.service.name", "bare-agent")
                .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
                .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
                .systemProperty("otel.metrics.exporter", "otlp,prometheus")
                .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
                .systemProperty("otel.exporter.prometheus.port", Integer.toString(prometheusPort))
                .systemProperty("otel.metric.export.interval", "1000")
                .systemProperty("otel.traces.exporter", "none")
                .systemProperty("otel.logs.exporter", "none")
                .args("-cp", testClasses.toString(), ForkedAppTest.Listening.class.getName())
                .start()) {
      assertThat(app.awaitPort(TIMEOUT)).isEqualTo(1234);

      Metric memory = receiver.awaitMetric("jvm.memory.used", TIMEOUT);
      assertThat(memory.type()).isEqualTo(Type.SUM_NON_MONOTONIC);
      assertThat(memory.unit()).isEqualTo("By");
      assertThat(memory.pointsWith(Map.of("jvm.memory.type", "heap"))).isNotEmpty();
      assertThat(receiver.resourceAttributes())
          .containsEntry("service.name", "bare-agent")
          .containsEntry("telemetry.sdk.language", "java");
      assertThat(receiver.rejections()).isEmpty();

      PrometheusText scraped = PrometheusText.scrape("http://127.0.0.1:" + prometheusPort + "/metrics");
      assertThat(scraped.type("jvm_memory_used_bytes")).isEqualTo("gauge");
      assertThat(scraped.samples("jvm_memory_used_bytes")).isNotEmpty();
      assertThat(scraped.samples("target_info"))
          .singleElement()
          .satisfies(s -> assertThat(s.labels()).containsEntry("service_name", "bare-agent"));
      assertThat(Files.readString(app.logFile())).contains("opentelemetry-javaagent");
    }
  }
}
