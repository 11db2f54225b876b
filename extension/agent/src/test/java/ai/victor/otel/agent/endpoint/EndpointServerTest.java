package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import ai.victor.otel.core.config.ConfigSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer on the real JDK server, on an ephemeral loopback port. */
class EndpointServerTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Fixture fixture = new Fixture();
  private final List<String> warnings = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(record.getLevel() + " " + record.getMessage());
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger logger = Logger.getLogger("ai.victor.otel");
  private EndpointServer server;

  EndpointServerTest() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    if (server != null) {
      server.stop();
    }
    fixture.close();
  }

  private String start(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("victor.otel.endpoint.enabled", "true");
    settings.putIfAbsent("victor.otel.endpoint.port", "0");
    Endpoint endpoint = endpoint(settings);
    server = (EndpointServer) endpoint.start(Endpoint.class.getClassLoader());
    assertThat(server).isNotNull();
    return "http://127.0.0.1:" + server.port();
  }

  private Endpoint endpoint(Map<String, String> settings) {
    EndpointSettings parsed = EndpointSettings.load(ConfigSource.of(settings));
    assertThat(parsed.problems()).isEmpty();
    return new Endpoint(parsed, new Routes(fixture.reader,
        new HealthChecks(parsed.checks(), parsed.readinessChecks(), false),
        new Responses(new LinkedHashMap<>())));
  }

  private static HttpResponse<String> send(String method, String url, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersEveryPathAndRejectsBadRequestsWithJsonErrors() throws Exception {
    fixture.gauge(Metric.HEALTH_SCORE, 99);
    String base = start(Map.of());
    for (String path : Routes.PATHS) {
      HttpResponse<String> response = send("GET", base + path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
    assertThat(send("GET", base + "/api/performance/prometheus").body())
        .contains("victor_performance_health_score 99\n");

    assertError(send("GET", base + "/health/nope"), 404, "no such endpoint: /health/nope");
    assertError(send("GET", base + "/"), 404, "no such endpoint");
    HttpResponse<String> post = send("POST", base + "/health");
    assertError(post, 405, "method POST not allowed");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(send("DELETE", base + "/nowhere").statusCode()).isEqualTo(404);
    assertError(send("GET", base + "/health?verbose=1"), 400, "unknown query parameter 'verbose'");
    assertError(send("GET", base + "/health?%ff=1"), 400, "malformed query");
    assertError(send("GET", base + "/health?q=" + "a".repeat(3000)), 414,
        "request URI longer than 2048");
    HttpResponse<String> head = send("HEAD", base + "/health");
    assertThat(head.statusCode()).isEqualTo(405);
    assertThat(head.body()).isEmpty();
    assertThat(warnings).as("nothing logged for bad requests").isEmpty();
  }

  private static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(response.body()).startsWith("{\"schemaVersion\":1,\"status\":" + status
        + ",\"error\":\"").contains(message);
  }

  @Test
  void theTokenProtectsAllButTheOpenPaths() throws Exception {
    String base = start(Map.of("victor.otel.endpoint.token", "s3cret",
        "victor.otel.endpoint.open-paths", "/health/ready"));
    assertThat(send("GET", base + "/health/live").statusCode()).isEqualTo(200);
    assertThat(send("GET", base + "/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> denied = send("GET", base + "/api/performance/summary");
    assertError(denied, 401, "missing or wrong bearer token");
    assertThat(denied.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"victor-otel\"");
    assertThat(send("GET", base + "/health", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(send("GET", base + "/health", "Authorization", "Basic s3cret").statusCode())
        .isEqualTo(401);
    assertThat(send("GET", base + "/health", "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", base + "/api/performance/prometheus", "Authorization",
        "bearer s3cret").statusCode()).isEqualTo(200);
  }

  @Test
  void everyThreadIsADaemonAndNamed() throws Exception {
    String base = start(Map.of());
    send("GET", base + "/health");
    List<Thread> threads = new ArrayList<>(Thread.getAllStackTraces().keySet());
    assertThat(threads).filteredOn(t -> t.getName().startsWith("victor-otel-endpoint-"))
        .isNotEmpty().allMatch(Thread::isDaemon);
    // The JDK's dispatcher; were it not a daemon, it would keep a finished application alive.
    assertThat(threads).filteredOn(t -> t.getName().equals("HTTP-Dispatcher"))
        .isNotEmpty().allMatch(Thread::isDaemon);
  }

  @Test
  void whenPoolAndQueueAreFullTheRestIsAnswered503AtOnce() throws Exception {
    String base = start(Map.of("victor.otel.endpoint.threads", "1"));
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    synchronized (fixture.reader) { // blocks the one worker inside its collection
      for (int i = 0; i < 40; i++) {
        responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/health"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (responses.stream().noneMatch(CompletableFuture::isDone)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(responses).filteredOn(CompletableFuture::isDone)
          .as("answered while the worker is blocked").isNotEmpty()
          .allSatisfy(f -> assertError(f.get(), 503, "busy"));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.get().statusCode()).isIn(200, 503);
    }
    assertThat(responses).filteredOn(f -> f.join().statusCode() == 200)
        .as("the queued requests are served once the worker is free").isNotEmpty();
  }

  @Test
  void aFailureWhileAnsweringIsA500AndTheServerCarriesOn() throws Exception {
    SnapshotReader failing = new SnapshotReader(0, 1000, () -> {
      throw new IllegalStateException("boom");
    });
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(Map.of(
        "victor.otel.endpoint.enabled", "true", "victor.otel.endpoint.port", "0")));
    server = (EndpointServer) new Endpoint(settings, new Routes(failing,
        new HealthChecks(settings.checks(), settings.readinessChecks(), false),
        new Responses(new LinkedHashMap<>()))).start(Endpoint.class.getClassLoader());
    String base = "http://127.0.0.1:" + server.port();
    assertError(send("GET", base + "/health"), 500,
        "internal error: java.lang.IllegalStateException");
    assertError(send("GET", base + "/api/performance/cache"), 500, "internal error");
    assertThat(send("GET", base + "/health/live").statusCode()).isEqualTo(200);
    assertThat(warnings).as("logged once").singleElement().asString()
        .contains("victor-otel: endpoint telemetry failed");
  }

  @Test
  void aPortInUseIsOneWarningNamingTheSetting() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Endpoint endpoint = endpoint(Map.of("victor.otel.endpoint.enabled", "true",
          "victor.otel.endpoint.port", String.valueOf(taken.getLocalPort())));
      assertThat(endpoint.start(Endpoint.class.getClassLoader())).isNull();
    }
    assertThat(warnings).singleElement().asString().startsWith("WARNING victor-otel: cannot serve"
        + " the endpoint on 127.0.0.1:").contains("victor.otel.endpoint.port=")
        .contains("the application runs without it");
  }

  @Test
  void aRuntimeWithoutJdkHttpServerIsOneClearLine() {
    ClassLoader withoutHttpServer = new ClassLoader(Endpoint.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("com.sun.net.httpserver.")) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
    assertThat(Endpoint.httpServerAvailable(Endpoint.class.getClassLoader())).isTrue();
    Endpoint endpoint = endpoint(Map.of("victor.otel.endpoint.enabled", "true",
        "victor.otel.endpoint.port", "0"));
    assertThat(endpoint.start(withoutHttpServer)).isNull();
    assertThat(warnings).singleElement().asString()
        .contains("victor.otel.endpoint.enabled=true but this Java runtime has no jdk.httpserver"
            + " module");
  }
}
