package ai.victor.otel.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.victor.otel.smoke.harness.PrometheusText.Sample;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  /** Shaped like what the agent's Prometheus exporter (prometheus-metrics 1.x text writer) serves. */
  private static final String EXPOSITION =
      """
      # HELP jvm_memory_used_bytes Measure of memory used.
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{jvm_memory_pool_name="G1 Eden Space",jvm_memory_type="heap",otel_scope_name="io.opentelemetry.runtime-telemetry-java8"} 1.2582912E7
      jvm_memory_used_bytes{jvm_memory_pool_name="Metaspace",jvm_memory_type="non_heap",otel_scope_name="io.opentelemetry.runtime-telemetry-java8"} 2.4117248E7
      # HELP http_server_request_duration_seconds Duration of HTTP server requests.
      # TYPE http_server_request_duration_seconds histogram
      http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",le="0.005"} 3
      http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",le="0.01"} 4
      http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",le="+Inf"} 5
      http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200"} 5
      http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200"} 0.0421
      # HELP victor_requests_total Requests seen.\\nSecond line with a backslash \\\\ in it.
      # TYPE victor_requests_total counter
      victor_requests_total{path="C:\\\\tmp\\\\x",quote="say \\"hi\\"",multi="a\\nb",empty=""} 42.0 1700000000000
      victor_requests_total{path="/",} 7
      # TYPE victor_queue_depth gauge
      victor_queue_depth NaN
      victor_queue_depth_max -Inf
      # TYPE target_info gauge
      target_info{service_name="sample-agent",telemetry_sdk_language="java",telemetry_sdk_name="opentelemetry"} 1
      """;

  private final PrometheusText text = PrometheusText.parse(EXPOSITION);

  @Test
  void readsFamiliesAndTypesFromTypeLines() {
    assertThat(text.metricFamilies())
        .containsExactly(
            "jvm_memory_used_bytes",
            "http_server_request_duration_seconds",
            "victor_requests_total",
            "victor_queue_depth",
            "target_info");
    assertThat(text.type("http_server_request_duration_seconds")).isEqualTo("histogram");
    assertThat(text.type("victor_requests_total")).isEqualTo("counter");
    assertThat(text.type("absent")).isNull();
    assertThat(text.help("victor_requests_total"))
        .isEqualTo("Requests seen.\nSecond line with a backslash \\ in it.");
  }

  @Test
  void readsGaugeSamples() {
    assertThat(text.samples("jvm_memory_used_bytes"))
        .extracting(Sample::value)
        .containsExactly(1.2582912E7, 2.4117248E7);
    assertThat(text.samples("jvm_memory_used_bytes").get(1).labels())
        .containsEntry("jvm_memory_pool_name", "Metaspace")
        .containsEntry("jvm_memory_type", "non_heap");
  }

  @Test
  void readsHistogramSeries() {
    assertThat(text.samples("http_server_request_duration_seconds_bucket"))
        .extracting(s -> s.labels().get("le"), Sample::value)
        .containsExactly(
            tuple("0.005", 3.0),
            tuple("0.01", 4.0),
            tuple("+Inf", 5.0));
    assertThat(text.samples("http_server_request_duration_seconds_count").get(0).value()).isEqualTo(5.0);
    assertThat(text.samples("http_server_request_duration_seconds_sum").get(0).value()).isEqualTo(0.0421);
  }

  @Test
  void undoesLabelEscapingAndAcceptsTimestampAndTrailingComma() {
    assertThat(text.samples("victor_requests_total"))
        .containsExactly(
            new Sample(
                "victor_requests_total",
                Map.of("path", "C:\\tmp\\x", "quote", "say \"hi\"", "multi", "a\nb", "empty", ""),
                42.0),
            new Sample("victor_requests_total", Map.of("path", "/"), 7.0));
  }

  @Test
  void readsSpecialValuesAndLabelFreeSamples() {
    assertThat(text.samples("victor_queue_depth").get(0).value()).isNaN();
    assertThat(text.samples("victor_queue_depth").get(0).labels()).isEmpty();
    assertThat(text.samples("victor_queue_depth_max").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void readsTargetInfo() {
    assertThat(text.samples("target_info"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).containsEntry("service_name", "sample-agent");
              assertThat(s.value()).isEqualTo(1.0);
            });
    assertThat(text.sampleNames())
        .contains("target_info", "victor_requests_total", "http_server_request_duration_seconds_bucket");
  }

  @Test
  void namesTheBadLine() {
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"unterminated} 1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusText.parse("x 1 2 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void scrapesOverHttpAskingForTheTextFormat() throws IOException {
    AtomicReference<String> accept = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange; OutputStream out = exchange.getResponseBody()) {
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
          }
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      PrometheusText scraped = PrometheusText.scrape(base + "/metrics");
      assertThat(scraped.samples()).isEqualTo(text.samples());
      assertThat(accept.get()).startsWith("text/plain; version=0.0.4");
      assertThat(Http.status(base + "/absent")).isEqualTo(404);
      assertThatThrownBy(() -> Http.get(base + "/absent"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("404");
    } finally {
      server.stop(0);
    }
  }
}
