package ai.victor.otel.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.smoke.harness.MetricsView.Metric;
import ai.victor.otel.smoke.harness.MetricsView.Point;
import ai.victor.otel.smoke.harness.MetricsView.Type;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final OtlpReceiver receiver = OtlpReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void endpointIsLoopback() {
    assertThat(receiver.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void decodesPlainAndGzipMetricExports() throws Exception {
    HttpResponse<byte[]> first = post("/v1/metrics", firstExport().toByteArray(), false);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).contains("application/x-protobuf");
    assertThat(ExportMetricsServiceResponse.parseFrom(first.body()))
        .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());

    MetricsView afterFirst = receiver.latestMetrics();
    assertThat(afterFirst.names())
        .containsExactly("llm.requests", "queue.depth", "llm.duration", "llm.tokens");
    Metric requests = afterFirst.metric("llm.requests");
    assertThat(requests.type()).isEqualTo(Type.SUM_MONOTONIC);
    assertThat(requests.unit()).isEqualTo("{request}");
    assertThat(requests.description()).isEqualTo("LLM calls");
    assertThat(requests.scope()).isEqualTo("ai.victor.otel");
    assertThat(requests.point(Map.of("model", "gpt", "ok", "true"))).map(Point::value).contains(3.0);
    assertThat(requests.point(Map.of("model", "claude", "ok", "false"))).map(Point::value).contains(1.0);
    assertThat(requests.pointsWith(Map.of("ok", "true"))).hasSize(1);

    Metric depth = afterFirst.metric("queue.depth");
    assertThat(depth.type()).isEqualTo(Type.GAUGE);
    assertThat(depth.points()).singleElement().satisfies(p -> {
      assertThat(p.value()).isEqualTo(2.5);
      assertThat(p.attributes()).containsEntry("tags", "[a, 7]");
    });

    Metric duration = afterFirst.metric("llm.duration");
    assertThat(duration.type()).isEqualTo(Type.HISTOGRAM);
    assertThat(duration.points()).singleElement().satisfies(p -> {
      assertThat(p.count()).isEqualTo(4);
      assertThat(p.sum()).isCloseTo(1.75, within(1e-9));
      assertThat(p.bucketBounds()).containsExactly(0.1, 1.0);
      assertThat(p.bucketCounts()).containsExactly(1L, 2L, 1L);
      assertThat(p.value()).isNaN();
    });

    Metric tokens = afterFirst.metric("llm.tokens");
    assertThat(tokens.type()).isEqualTo(Type.EXPONENTIAL_HISTOGRAM);
    assertThat(tokens.points()).singleElement().satisfies(p -> {
      assertThat(p.count()).isEqualTo(6);
      assertThat(p.sum()).isEqualTo(600.0);
    });

    assertThat(post("/v1/metrics", secondExport().toByteArray(), true).statusCode()).isEqualTo(200);

    // The latest export alone: only what it carried.
    MetricsView latest = receiver.latestMetrics();
    assertThat(latest.names()).containsExactly("llm.requests");
    assertThat(latest.metric("llm.requests").points())
        .singleElement()
        .extracting(Point::value)
        .isEqualTo(5.0);

    // Merged: the newer point replaces the older one of the same series; other series and metrics stay.
    MetricsView merged = receiver.mergedMetrics();
    assertThat(merged.names()).containsExactly("llm.requests", "queue.depth", "llm.duration", "llm.tokens");
    Metric mergedRequests = merged.metric("llm.requests");
    assertThat(mergedRequests.points()).hasSize(2);
    assertThat(mergedRequests.point(Map.of("model", "gpt", "ok", "true"))).map(Point::value).contains(5.0);
    assertThat(mergedRequests.point(Map.of("model", "claude", "ok", "false"))).map(Point::value).contains(1.0);

    assertThat(receiver.metricRequests()).hasSize(2);
    assertThat(receiver.resourceAttributes())
        .containsEntry("service.name", "sample-agent")
        .containsEntry("process.pid", "42");
    assertThat(receiver.rejections()).isEmpty();
    assertThat(receiver.awaitMetric("llm.duration", Duration.ofSeconds(1)).type()).isEqualTo(Type.HISTOGRAM);
  }

  @Test
  void decodesTraceExportsIntoFlatSpans() throws Exception {
    ByteString traceId = bytes(16, 1);
    Span parent =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(bytes(8, 2))
            .setName("POST /chat")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .addAttributes(stringAttribute("http.route", "/chat"))
            .build();
    Span child =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(bytes(8, 3))
            .setParentSpanId(parent.getSpanId())
            .setName("chat gpt")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .build();
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource())
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(child).addSpans(parent)))
            .build();

    assertThat(post("/v1/traces", export.toByteArray(), true).statusCode()).isEqualTo(200);

    List<Span> spans = receiver.awaitSpans(s -> s.size() == 2, Duration.ofSeconds(1));
    Span receivedParent = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).findFirst().orElseThrow();
    Span receivedChild = spans.stream().filter(s -> !s.getParentSpanId().isEmpty()).findFirst().orElseThrow();
    assertThat(receivedChild.getParentSpanId()).isEqualTo(receivedParent.getSpanId());
    assertThat(receivedChild.getTraceId()).isEqualTo(receivedParent.getTraceId());
    assertThat(receivedParent.getName()).isEqualTo("POST /chat");
    assertThat(OtlpValues.attributes(receivedParent.getAttributesList())).containsEntry("http.route", "/chat");
    assertThat(receiver.traceRequests()).hasSize(1);
    assertThat(receiver.resourceAttributes()).containsEntry("service.name", "sample-agent");
  }

  @Test
  void refusesWhatItCannotDecodeAndSaysSoOnTimeout() throws Exception {
    HttpResponse<byte[]> json =
        send(
            HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/metrics"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(post("/v1/metrics", "not protobuf".getBytes(StandardCharsets.UTF_8), true).statusCode())
        .isEqualTo(400);
    assertThat(post("/v1/metric", new byte[0], false).statusCode()).isEqualTo(404);

    assertThat(receiver.rejections()).hasSize(3);
    assertThat(receiver.metricRequests()).isEmpty();
    assertThatThrownBy(() -> receiver.awaitMetric("llm.requests", Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("415")
        .hasMessageContaining("application/json");

    receiver.clear();
    assertThat(receiver.rejections()).isEmpty();
    assertThat(receiver.resourceAttributes()).isEmpty();
  }

  @Test
  void attributeValuesBecomeStrings() {
    assertThat(OtlpValues.string(AnyValue.newBuilder().setBoolValue(true).build())).isEqualTo("true");
    assertThat(OtlpValues.string(AnyValue.newBuilder().setIntValue(-3).build())).isEqualTo("-3");
    assertThat(OtlpValues.string(AnyValue.newBuilder().setDoubleValue(0.5).build())).isEqualTo("0.5");
    assertThat(OtlpValues.string(AnyValue.getDefaultInstance())).isEmpty();
  }

  private static ExportMetricsServiceRequest firstExport() {
    NumberDataPoint gptOk = intPoint(3, stringAttribute("model", "gpt"), boolAttribute("ok", true));
    NumberDataPoint claudeFailed = intPoint(1, stringAttribute("model", "claude"), boolAttribute("ok", false));
    io.opentelemetry.proto.metrics.v1.Metric requests = requestsSum(gptOk, claudeFailed);
    io.opentelemetry.proto.metrics.v1.Metric depth =
        io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
            .setName("queue.depth")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .setAsDouble(2.5)
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("tags")
                                    .setValue(
                                        AnyValue.newBuilder()
                                            .setArrayValue(
                                                ArrayValue.newBuilder()
                                                    .addValues(AnyValue.newBuilder().setStringValue("a"))
                                                    .addValues(AnyValue.newBuilder().setIntValue(7)))))))
            .build();
    io.opentelemetry.proto.metrics.v1.Metric duration =
        io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
            .setName("llm.duration")
            .setUnit("s")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setCount(4)
                            .setSum(1.75)
                            .addAllExplicitBounds(List.of(0.1, 1.0))
                            .addAllBucketCounts(List.of(1L, 2L, 1L))))
            .build();
    io.opentelemetry.proto.metrics.v1.Metric tokens =
        io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
            .setName("llm.tokens")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(6).setSum(600)))
            .build();
    return metricsExport(requests, depth, duration, tokens);
  }

  /** Only one series of one metric, as when the others had nothing new to report. */
  private static ExportMetricsServiceRequest secondExport() {
    return metricsExport(
        requestsSum(intPoint(5, boolAttribute("ok", true), stringAttribute("model", "gpt"))));
  }

  private static io.opentelemetry.proto.metrics.v1.Metric requestsSum(NumberDataPoint... points) {
    return io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
        .setName("llm.requests")
        .setUnit("{request}")
        .setDescription("LLM calls")
        .setSum(
            io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addAllDataPoints(List.of(points)))
        .build();
  }

  private static ExportMetricsServiceRequest metricsExport(io.opentelemetry.proto.metrics.v1.Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource())
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("ai.victor.otel"))
                        .addAllMetrics(List.of(metrics))))
        .build();
  }

  private static NumberDataPoint intPoint(long value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder().setAsInt(value).addAllAttributes(List.of(attributes)).build();
  }

  private static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(stringAttribute("service.name", "sample-agent"))
        .addAttributes(KeyValue.newBuilder().setKey("process.pid").setValue(AnyValue.newBuilder().setIntValue(42)))
        .build();
  }

  private static KeyValue stringAttribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static KeyValue boolAttribute(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
  }

  private static ByteString bytes(int length, int fill) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) fill);
    return ByteString.copyFrom(bytes);
  }

  @Test
  void playsAFailingCollector() throws Exception {
    byte[] export = firstExport().toByteArray();
    receiver.failWith(503);
    assertThat(post("/v1/metrics", export, false).statusCode()).isEqualTo(503);
    assertThat(receiver.failedExports()).isEqualTo(1);
    assertThat(receiver.metricRequests()).isEmpty();
    assertThat(receiver.rejections()).isEmpty();
    receiver.failWith(0);

    receiver.delayResponses(Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThat(post("/v1/metrics", export, false).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    receiver.delayResponses(Duration.ZERO);

    String endpoint = receiver.endpoint();
    receiver.stop();
    assertThatThrownBy(() -> post("/v1/metrics", export, false)).isInstanceOf(IOException.class);
    receiver.restart();
    assertThat(receiver.endpoint()).isEqualTo(endpoint);
    assertThat(post("/v1/metrics", export, false).statusCode()).isEqualTo(200);
    assertThat(receiver.metricRequests()).hasSize(2); // kept across the restart
  }

  @Test
  void startsOnAGivenPort() {
    int port = FreePort.find();
    try (OtlpReceiver onPort = OtlpReceiver.start(port)) {
      assertThat(onPort.endpoint()).isEqualTo("http://127.0.0.1:" + port);
    }
  }

  private HttpResponse<byte[]> post(String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
            .header("Content-Type", "application/x-protobuf");
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body)));
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
