package ai.victor.otel.smoke.harness;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP receiver (binary protobuf, optionally gzip) that keeps every export it is sent, so a test can
 * assert on exactly what the agent put on the wire. It stands in for a collector, which would need a container or a
 * download that the build cannot rely on.
 *
 * <p>Requests it cannot take (wrong path, method, content type, or undecodable body) are answered with a 4xx and
 * remembered; the await methods report them on timeout, because an exporter misconfiguration otherwise only shows as
 * "nothing arrived".
 *
 * <p>For fault tests it can play a failing collector: {@link #stop()} and {@link #restart()} on the same port, answer
 * slowly ({@link #delayResponses}) or with an error status ({@link #failWith}). Requests answered with an error are
 * not kept, as a collector that failed them would not have them either.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final String PROTOBUF = "application/x-protobuf";

  private final int port;
  private volatile HttpServer server;
  private volatile Duration delay = Duration.ZERO;
  private volatile int failureStatus;
  private final AtomicInteger failed = new AtomicInteger();
  private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
  private final List<ExportTraceServiceRequest> traceRequests = new CopyOnWriteArrayList<>();
  private final List<ExportLogsServiceRequest> logRequests = new CopyOnWriteArrayList<>();
  private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
  private volatile Resource latestResource = Resource.getDefaultInstance();

  private OtlpReceiver(int port) {
    this.server = bind(port);
    this.port = server.getAddress().getPort();
    serve();
  }

  /** Starts a receiver on an ephemeral port of 127.0.0.1. */
  public static OtlpReceiver start() {
    return new OtlpReceiver(0);
  }

  /**
   * Starts a receiver on the given port of 127.0.0.1, e.g. one an app was told to export to before any collector
   * listened there.
   */
  public static OtlpReceiver start(int port) {
    return new OtlpReceiver(port);
  }

  /** Stops listening, as a killed collector would; {@link #restart()} listens on the same port again. */
  public void stop() {
    HttpServer stopping = server;
    stopping.stop(0);
    ((ExecutorService) stopping.getExecutor()).shutdownNow();
  }

  /** Listens again on the same port after {@link #stop()}, keeping what was received before. */
  public void restart() {
    server = bind(port);
    serve();
  }

  /** Answers every export only after {@code delay} from now on, as an overloaded collector would; zero for prompt. */
  public void delayResponses(Duration delay) {
    this.delay = delay;
  }

  /** Answers every export with {@code status} (e.g. 503) and drops it, from now on; 0 to accept exports again. */
  public void failWith(int status) {
    this.failureStatus = status;
  }

  /** How many exports were answered with the {@link #failWith} status so far. */
  public int failedExports() {
    return failed.get();
  }

  private static HttpServer bind(int port) {
    // A port just released may take a moment to be bindable again.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // Handlers may sleep (delayResponses): keep them off the thread that accepts connections.
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
          Thread thread = new Thread(runnable, "otlp-receiver-" + port);
          thread.setDaemon(true);
          return thread;
        }));
        return server;
      } catch (BindException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new UncheckedIOException("cannot bind the OTLP receiver to port " + port, e);
        }
        sleep();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the OTLP receiver", e);
      }
    }
  }

  private void serve() {
    OtlpReceiver receiver = this;
    receiver.route(
        "/v1/metrics",
        ExportMetricsServiceRequest.parser(),
        ExportMetricsServiceResponse.getDefaultInstance(),
        request -> {
          receiver.metricRequests.add(request);
          if (request.getResourceMetricsCount() > 0) {
            receiver.latestResource = request.getResourceMetrics(0).getResource();
          }
        });
    receiver.route(
        "/v1/traces",
        ExportTraceServiceRequest.parser(),
        ExportTraceServiceResponse.getDefaultInstance(),
        request -> {
          receiver.traceRequests.add(request);
          if (request.getResourceSpansCount() > 0) {
            receiver.latestResource = request.getResourceSpans(0).getResource();
          }
        });
    receiver.route(
        "/v1/logs",
        ExportLogsServiceRequest.parser(),
        ExportLogsServiceResponse.getDefaultInstance(),
        request -> {
          receiver.logRequests.add(request);
          if (request.getResourceLogsCount() > 0) {
            receiver.latestResource = request.getResourceLogs(0).getResource();
          }
        });
    // Record requests to any other path too, e.g. an endpoint configured with a path suffix twice.
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            receiver.reject(exchange, new Rejection(404, "unknown path " + exchange.getRequestURI()));
          }
        });
    server.start();
  }

  /** The base URL to give the exporter as {@code otel.exporter.otlp.endpoint}: {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Every metrics export received so far, in arrival order. */
  public List<ExportMetricsServiceRequest> metricRequests() {
    return List.copyOf(metricRequests);
  }

  /** Every trace export received so far, in arrival order. */
  public List<ExportTraceServiceRequest> traceRequests() {
    return List.copyOf(traceRequests);
  }

  /** Every logs export received so far, in arrival order. */
  public List<ExportLogsServiceRequest> logRequests() {
    return List.copyOf(logRequests);
  }

  /** The requests refused so far (status and reason), in arrival order; a healthy exporter causes none. */
  public List<String> rejections() {
    return rejections.stream().map(Rejection::toString).toList();
  }

  /** All spans of all trace exports, flattened across resources and scopes, in arrival order. */
  public List<Span> spans() {
    return traceRequests.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .toList();
  }

  /** Attributes of the first resource of the most recent export of any signal; empty before any export. */
  public Map<String, String> resourceAttributes() {
    return OtlpValues.attributes(latestResource.getAttributesList());
  }

  /** The metrics of the most recent export alone (a metric with no points in that export is absent). */
  public MetricsView latestMetrics() {
    List<ExportMetricsServiceRequest> all = metricRequests();
    return MetricsView.of(all.isEmpty() ? List.of() : List.of(all.get(all.size() - 1)));
  }

  /** All metric exports merged, keeping the newest point per (metric name, attribute set). */
  public MetricsView mergedMetrics() {
    return MetricsView.of(metricRequests());
  }

  /** Forgets everything received so far, e.g. to look only at what a later phase of a test exports. */
  public void clear() {
    metricRequests.clear();
    traceRequests.clear();
    logRequests.clear();
    rejections.clear();
    latestResource = Resource.getDefaultInstance();
  }

  /**
   * Waits until some export has contained {@code name}, and returns that metric as merged so far.
   *
   * @throws AssertionError on timeout, naming the metrics and rejected requests seen
   */
  public MetricsView.Metric awaitMetric(String name, Duration timeout) {
    return awaitMetrics(view -> view.find(name).isPresent(), timeout).metric(name);
  }

  /**
   * Waits until the merged metrics satisfy {@code condition}, for checks on values (e.g. a counter reaching n) that
   * may need more than one export interval.
   *
   * @throws AssertionError on timeout, naming the metrics and rejected requests seen
   */
  public MetricsView awaitMetrics(Predicate<MetricsView> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      MetricsView view = mergedMetrics();
      if (condition.test(view)) {
        return view;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "metrics condition not met within " + timeout + "; " + metricRequests.size()
                + " metric exports with metrics " + view.names() + "; rejected requests: " + rejections);
      }
      sleep();
    }
  }

  /**
   * Waits until the spans received so far satisfy {@code condition}, and returns them.
   *
   * @throws AssertionError on timeout, naming the spans and rejected requests seen
   */
  public List<Span> awaitSpans(Predicate<List<Span>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Span> spans = spans();
      if (condition.test(spans)) {
        return spans;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "span condition not met within " + timeout + "; spans "
                + spans.stream().map(Span::getName).toList() + "; rejected requests: " + rejections);
      }
      sleep();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private <T extends Message> void route(
      String path, Parser<T> parser, Message response, Consumer<T> sink) {
    byte[] responseBody = response.toByteArray();
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            if (!delay.isZero()) {
              Thread.sleep(delay.toMillis());
            }
            int status = failureStatus;
            if (status != 0) {
              exchange.getRequestBody().readAllBytes();
              failed.incrementAndGet();
              send(exchange, status, new byte[0]);
              return;
            }
            Rejection rejection = check(exchange, path);
            if (rejection != null) {
              reject(exchange, rejection);
              return;
            }
            T request;
            try (InputStream body = body(exchange)) {
              request = parser.parseFrom(body);
            } catch (IOException e) { // bad gzip or bad protobuf
              reject(exchange, new Rejection(400, "undecodable " + path + " body: " + e));
              return;
            }
            sink.accept(request);
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            send(exchange, 200, responseBody);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the receiver is stopping
          }
        });
  }

  /** A request the receiver refused: the status it answered and why. */
  private record Rejection(int status, String reason) {
    @Override
    public String toString() {
      return status + " " + reason;
    }
  }

  /** Returns why the request cannot be taken, or null if it can. */
  private static Rejection check(HttpExchange exchange, String path) {
    String requestPath = exchange.getRequestURI().getPath();
    if (!requestPath.equals(path)) { // contexts match by prefix
      return new Rejection(404, "unknown path " + requestPath);
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return new Rejection(405, exchange.getRequestMethod() + " " + path);
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith(PROTOBUF)) {
      return new Rejection(415, path + " with Content-Type " + contentType);
    }
    return null;
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream body = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
  }

  private void reject(HttpExchange exchange, Rejection rejection) throws IOException {
    rejections.add(rejection);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, rejection.status(), rejection.reason().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    // -1 announces an empty body; 0 would mean chunked encoding of unknown length.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for OTLP exports", e);
    }
  }
}
