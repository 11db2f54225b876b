package ai.victor.otel.smoke.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.fake.openai.Json;
import ai.victor.otel.smoke.DocumentedCatalog;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.PrometheusText;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample agent under the real javaagent with the endpoint configured as the Kubernetes
 * manifest configures it (environment variables, token file, open probe paths; loopback and a
 * free port instead of 0.0.0.0:9465): every path against docs/endpoints.md, the manifest's
 * probes, authentication, bad requests, the REST numbers against the agent's own Prometheus
 * scrape and the health score in one run, and a provider outage that makes the service unready
 * and then ready again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointSmokeTest {
  /**
   * C1 only: these JVMs live for seconds, and on a shared 2-core machine the C2 compiler doubles
   * their startup CPU (sample under the agent, 20 requests: 7.8 s user with it, 4.0 s without).
   */
  static final String SHORT_LIVED = "-XX:TieredStopAtLevel=1";
  private static final String TOKEN = "smoke-token-1234";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
  private static final int WINDOW_SECONDS = 3;
  private static final List<String> PATHS = List.of("/health", "/health/live", "/health/ready",
      "/health/detailed", "/api/performance/summary", "/api/performance/cache",
      "/api/performance/providers", "/api/performance/tools", "/api/performance/system",
      "/api/performance/bootstrap", "/api/performance/prometheus");
  private static final String[] SECTIONS = {"cache", "providers", "tools", "system", "bootstrap"};

  private final DocumentedEndpoints docs = DocumentedEndpoints.load();
  private final Manifest manifest = Manifest.load();
  private Path tokenFile;
  private OtlpReceiver receiver;
  private ForkedApp app;
  private String appUrl;
  private String endpointUrl;
  private String prometheusUrl;
  private int endpointPort;

  @BeforeAll
  void startSampleWithTheEndpoint() throws IOException {
    receiver = OtlpReceiver.start();
    int prometheusPort = FreePort.find();
    endpointPort = FreePort.find();
    tokenFile = Files.createTempFile("victor-endpoint-token", "");
    Files.writeString(tokenFile, TOKEN + "\n");
    ForkedApp.Builder builder = ForkedApp.sampleUnderAgent("sample-endpoint", receiver)
        .jvmArgs(SHORT_LIVED);
    Map<String, String> env = new TreeMap<>();
    manifest.env().forEach((name, value) -> {
      if (name.startsWith("VICTOR_OTEL_ENDPOINT_")) {
        env.put(name, value);
      }
    });
    assertThat(env).containsEntry("VICTOR_OTEL_ENDPOINT_ENABLED", "true")
        .containsKeys("VICTOR_OTEL_ENDPOINT_HOST", "VICTOR_OTEL_ENDPOINT_PORT",
            "VICTOR_OTEL_ENDPOINT_TOKEN_FILE");
    env.put("VICTOR_OTEL_ENDPOINT_HOST", "127.0.0.1");
    env.put("VICTOR_OTEL_ENDPOINT_PORT", String.valueOf(endpointPort));
    env.put("VICTOR_OTEL_ENDPOINT_TOKEN_FILE", tokenFile.toString());
    env.forEach(builder::env);
    app = builder
        .systemProperty("otel.metrics.exporter", "otlp,prometheus")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
        .systemProperty("victor.otel.derived.window-seconds", String.valueOf(WINDOW_SECONDS))
        // Observed at each collection: two readers would differ; the comparison leaves them out.
        .systemProperty("victor.otel.health.cpu-percent.weight", "0")
        .systemProperty("victor.otel.health.memory-bytes.weight", "0")
        .args("--load=150", "--concurrency=4")
        .start();
    appUrl = "http://127.0.0.1:" + app.awaitPort(Duration.ofSeconds(120));
    endpointUrl = "http://127.0.0.1:" + endpointPort;
    prometheusUrl = "http://127.0.0.1:" + prometheusPort + "/metrics";
    app.awaitLine(line -> line.contains("victor-otel: endpoint listening on " + endpointUrl
        + " (bearer token required except for [/health/live, /health/ready])"),
        Duration.ofSeconds(10));
    app.awaitLine(line -> line.startsWith("LOAD DONE"), Duration.ofSeconds(180));
  }

  @AfterAll
  void stop() throws IOException {
    if (app != null) {
      app.close();
    }
    if (tokenFile != null) {
      Files.delete(tokenFile);
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void everyPathServesWhatTheDocsSay() {
    assertThat(docs.paths()).containsExactlyInAnyOrderElementsOf(PATHS);
    assertThat(ListeningPorts.of(app.handle())).contains(endpointPort);
    for (String path : PATHS) {
      HttpResponse<String> response = Client.get(endpointUrl + path, AUTH);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      if (path.endsWith("/prometheus")) {
        continue;
      }
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      Map<String, Object> body = jsonObject(response.body());
      assertThat(body.get("schemaVersion")).as(path).isEqualTo(1.0);
      EndpointFields.assertDocumented(docs, path, body, path.equals("/health/live")
          ? Set.of("schemaVersion") : Set.of("schemaVersion", "collectedAt"));
      if (path.endsWith("/summary")) {
        for (String section : SECTIONS) {
          @SuppressWarnings("unchecked")
          Map<String, Object> part = (Map<String, Object>) body.get(section);
          EndpointFields.assertDocumented(docs, "/api/performance/" + section, part, Set.of());
        }
      }
    }
    Map<String, Object> ready =
        jsonObject(Client.get(endpointUrl + "/health/ready", AUTH).body());
    assertThat(ready.get("ready")).isEqualTo(true);
    assertThat(checkNames(ready, "checks")).as("shared-dependency checks gate no replica by default")
        .containsExactly("startup");
    Map<String, Object> detailed =
        jsonObject(Client.get(endpointUrl + "/health/detailed", AUTH).body());
    // Per provider, tool and namespace: every one the series have (ollama only on a double
    // failover, so not always).
    Map<String, Object> providers =
        jsonObject(Client.get(endpointUrl + "/api/performance/providers", AUTH).body());
    List<String> providerNames = list(providers, "providers").stream()
        .map(p -> (String) p.get("provider")).collect(Collectors.toList());
    assertThat(providerNames).contains("openai", "anthropic");
    assertThat(subjects(detailed, "provider_error_rate")).containsExactlyInAnyOrderElementsOf(
        concat("overall", providerNames));
    assertThat(subjects(detailed, "cache_hit_rate"))
        .containsExactlyInAnyOrder("overall", "query", "context", "rl");
    Map<String, Object> tools =
        jsonObject(Client.get(endpointUrl + "/api/performance/tools", AUTH).body());
    assertThat(subjects(detailed, "tool_error_rate")).containsExactlyInAnyOrderElementsOf(
        concat("overall", list(tools, "tools").stream().map(t -> (String) t.get("tool"))
            .collect(Collectors.toList())));
  }

  @Test
  @Order(2)
  void theManifestsProbesAnswerWithoutTheTokenAndEverythingElseNeedsIt() {
    Set<String> probes = new HashSet<>(List.of(manifest.probePath("startupProbe"),
        manifest.probePath("livenessProbe"), manifest.probePath("readinessProbe")));
    assertThat(probes).containsExactlyInAnyOrder("/health/live", "/health/ready");
    for (String path : PATHS) {
      HttpResponse<String> anonymous = Client.get(endpointUrl + path);
      HttpResponse<String> wrong = Client.get(endpointUrl + path, "Authorization", "Bearer x");
      if (probes.contains(path)) {
        assertThat(anonymous.statusCode()).as(path).isEqualTo(200);
        assertThat(wrong.statusCode()).as(path).isEqualTo(200);
        continue;
      }
      for (HttpResponse<String> denied : List.of(anonymous, wrong)) {
        assertThat(denied.statusCode()).as(path).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"victor-otel\"");
        assertThat(jsonObject(denied.body())).containsEntry("status", 401.0)
            .containsEntry("error", "missing or wrong bearer token");
      }
    }
  }

  @Test
  @Order(3)
  void badRequestsGetTheirStatusAndAJsonErrorAndTheAppCarriesOn() {
    assertError(Client.get(endpointUrl + "/nope", AUTH), 404, "no such endpoint: /nope");
    assertError(Client.get(endpointUrl + "/health/", AUTH), 404, "no such endpoint");
    HttpResponse<String> post = Client.send("POST", endpointUrl + "/health/ready", AUTH);
    assertError(post, 405, "method POST not allowed");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertError(Client.send("PUT", endpointUrl + "/api/performance/summary", AUTH), 405,
        "method PUT");
    assertError(Client.get(endpointUrl + "/health?verbose=true", AUTH), 400,
        "unknown query parameter 'verbose'");
    assertError(Client.get(endpointUrl + "/health?%C3%28=1", AUTH), 400, "malformed query");
    assertError(Client.get(endpointUrl + "/api/performance/summary?q=" + "x".repeat(4000), AUTH),
        414, "request URI longer than 2048");
    assertThat(Http.get(appUrl + "/healthz")).isEqualTo("ok");
    assertThat(Http.get(appUrl + "/chat?q=hello")).contains("\"answer\"");
    assertThat(Client.get(endpointUrl + "/health/live").statusCode()).isEqualTo(200);
    assertThat(app.logLines()).as("no warning from the extension")
        .noneMatch(line -> line.contains("victor-otel:") && line.contains("WARN"));
  }

  @Test
  @Order(4)
  void restPrometheusAndHealthScoreAgreeOnceTheLoadQuiesces() throws InterruptedException {
    // Each reader derives from its own collections: two, a window apart, after the last request.
    PrometheusText.scrape(prometheusUrl);
    Client.get(endpointUrl + "/api/performance/summary", AUTH);
    Thread.sleep(WINDOW_SECONDS * 1000 + 500);
    PrometheusText agent = PrometheusText.scrape(prometheusUrl);
    Map<String, Object> summary =
        jsonObject(Client.get(endpointUrl + "/api/performance/summary", AUTH).body());
    Map<String, Object> detailed =
        jsonObject(Client.get(endpointUrl + "/health/detailed", AUTH).body());
    PrometheusText ours = PrometheusText.parse(
        Client.get(endpointUrl + "/api/performance/prometheus", AUTH).body());

    // The endpoint's Prometheus text: the documented names, and the agent exporter's values.
    Map<String, Double> agentSeries = catalogSeries(agent);
    Map<String, Double> ourSeries = catalogSeries(ours);
    // Documented names only (the cache latency sample may be empty after 150 requests).
    Set<String> names = new TreeSet<>(ours.sampleNames());
    assertThat(names).isSubsetOf(DocumentedCatalog.load().sampleNames())
        .contains("victor_performance_health_score", "victor_provider_latency_ms_bucket",
            "gen_ai_client_operation_duration_seconds_count", "victor_tool_executions_total");
    assertThat(ourSeries.keySet()).isEqualTo(agentSeries.keySet());
    ourSeries.forEach((series, value) -> assertThat(value).as(series)
        .isCloseTo(agentSeries.get(series), within(1e-9 * Math.max(1, Math.abs(value)))));

    // The JSON: named values are the series' values.
    double score = number(summary, "healthScore");
    assertThat(score).isEqualTo(value(agent, "victor_performance_health_score", Map.of()));
    assertThat(number(detailed, "healthScore", "value")).isEqualTo(score);
    assertThat(recomputedScore(detailed)).isCloseTo(score, within(1e-9));
    assertThat(number(summary, "cache", "overall", "hitRate"))
        .isEqualTo(value(agent, "victor_cache_hit_rate", Map.of("namespace", "overall")));
    for (Map<String, Object> namespace : list(summary, "cache", "namespaces")) {
      String name = (String) namespace.get("namespace");
      assertThat(number(namespace, "hits"))
          .isEqualTo(value(agent, "victor_cache_hits_total", Map.of("namespace", name)));
      assertThat(number(namespace, "operations", "miss")).isEqualTo(value(agent,
          "victor_cache_operations_total", Map.of("namespace", name, "operation", "miss")));
      assertThat(number(namespace, "hitRate"))
          .isEqualTo(value(agent, "victor_cache_hit_rate", Map.of("namespace", name)));
    }
    assertThat(number(summary, "providers", "overall", "requests"))
        .isEqualTo(sum(agent, "victor_provider_requests_total", Map.of()))
        .isGreaterThanOrEqualTo(150);
    for (Map<String, Object> provider : list(summary, "providers", "providers")) {
      Map<String, String> labels = Map.of("provider", (String) provider.get("provider"));
      assertThat(number(provider, "requests"))
          .isEqualTo(sum(agent, "victor_provider_requests_total", labels));
      assertThat(number(provider, "errors"))
          .isEqualTo(sum(agent, "victor_provider_errors_total", labels));
      assertThat(number(provider, "errorRate"))
          .isEqualTo(value(agent, "victor_provider_error_rate", labels));
      assertThat(number(provider, "health"))
          .isEqualTo(value(agent, "victor_provider_health", labels));
    }
    for (Map<String, Object> tool : list(summary, "tools", "tools")) {
      String name = (String) tool.get("tool");
      @SuppressWarnings("unchecked")
      Map<String, Object> executions = (Map<String, Object>) tool.get("executions");
      executions.forEach((status, count) -> assertThat((Double) count).as(name + " " + status)
          .isEqualTo(value(agent, "victor_tool_executions_total",
              Map.of("tool", name, "status", status))));
    }
    assertThat(number(summary, "cache", "toolSelection", "requests"))
        .isEqualTo(sum(agent, "victor_tool_selection_requests_total", Map.of()))
        .isEqualTo(150 + 1); // the load and test 3's chat
  }

  /**
   * A provider outage is shared by every replica: by default it degrades {@code /health} but keeps
   * the replica in rotation (a readiness gate would empty the Service on every replica at once).
   */
  @Test
  @Order(5)
  void aProviderOutageDegradesHealthButKeepsTheReplicaReady() {
    assertThat(Client.get(endpointUrl + "/health/ready", AUTH).statusCode()).isEqualTo(200);
    setProviderErrorRate(1.0);
    Http.get(appUrl + "/admin/load?requests=20&concurrency=2");
    HttpResponse<String> detailed = await("/health/detailed", r -> list(jsonObject(r.body()),
        "checks").stream().anyMatch(c -> "provider_error_rate".equals(c.get("check"))
            && Map.of("provider", "overall").equals(c.get("labels"))
            && "critical".equals(c.get("status"))));
    Map<String, Object> check = list(jsonObject(detailed.body()), "checks").stream()
        .filter(c -> "provider_error_rate".equals(c.get("check"))
            && Map.of("provider", "overall").equals(c.get("labels")))
        .findFirst().orElseThrow();
    assertThat(check).containsEntry("critical", 0.3).containsEntry("readiness", false);
    assertThat((Double) check.get("value")).isGreaterThan(0.3);
    HttpResponse<String> ready = Client.get(endpointUrl + "/health/ready", AUTH);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(jsonObject(ready.body())).containsEntry("ready", true).containsEntry("failed", List.of());
    HttpResponse<String> health = Client.get(endpointUrl + "/health", AUTH);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(jsonObject(health.body())).containsEntry("status", "degraded");
    setProviderErrorRate(0.0);
  }

  private void setProviderErrorRate(double rate) {
    Http.get(appUrl + "/admin/faults?sample.provider.openai.error-rate=" + rate
        + "&sample.provider.anthropic.error-rate=" + rate
        + "&sample.provider.ollama.error-rate=" + rate);
  }

  /** Polls a path until the condition holds; fails with the last answer after 30 s. */
  private HttpResponse<String> await(String path, Predicate<HttpResponse<String>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> response;
    do {
      response = Client.get(endpointUrl + path, AUTH);
      if (condition.test(response)) {
        return response;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(path + " did not change within 30 s; last answer "
        + response.statusCode() + " " + response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    Map<String, Object> body = jsonObject(response.body());
    assertThat(body).containsEntry("schemaVersion", 1.0).containsEntry("status", (double) status);
    assertThat((String) body.get("error")).contains(message);
  }

  /** 100 × Σ weight·score / Σ weight over the components with a score (docs/health-score.md). */
  private static double recomputedScore(Map<String, Object> detailed) {
    double weighted = 0;
    double weights = 0;
    for (Map<String, Object> component : list(detailed, "healthScore", "components")) {
      if (component.get("score") != null) {
        weighted += number(component, "weight") * number(component, "score");
        weights += number(component, "weight");
      }
    }
    return weights == 0 ? 100 : 100 * weighted / weights;
  }

  /** Catalog samples, but not the system gauges observed anew at each collection. */
  private static Map<String, Double> catalogSeries(PrometheusText text) {
    Map<String, Double> series = new TreeMap<>();
    for (PrometheusText.Sample sample : text.samples()) {
      String name = sample.name();
      if (!(name.startsWith("victor_") || name.startsWith("gen_ai_"))
          || name.startsWith("victor_system_")) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>(sample.labels());
      labels.keySet().removeIf(key -> key.startsWith("otel_scope_"));
      labels.computeIfPresent("le", (key, le) -> le.equals("+Inf") ? le
          : String.valueOf(Double.parseDouble(le)));
      series.put(name + labels, sample.value());
    }
    return series;
  }

  private static double value(PrometheusText text, String name, Map<String, String> labels) {
    List<PrometheusText.Sample> matching = text.samples(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .collect(Collectors.toList());
    assertThat(matching).as(name + labels).hasSize(1);
    return matching.get(0).value();
  }

  private static double sum(PrometheusText text, String name, Map<String, String> labels) {
    return text.samples(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  @SuppressWarnings("unchecked")
  private static Object member(Map<String, Object> body, String... path) {
    Object value = body;
    for (String name : path) {
      assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
      value = ((Map<String, Object>) value).get(name);
    }
    return value;
  }

  private static double number(Map<String, Object> body, String... path) {
    Object value = member(body, path);
    assertThat(value).as(String.join(".", path)).isInstanceOf(Double.class);
    return (Double) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> body, String... path) {
    return (List<Map<String, Object>>) member(body, path);
  }

  private static List<String> checkNames(Map<String, Object> body, String member) {
    return list(body, member).stream().map(c -> (String) c.get("check"))
        .collect(Collectors.toList());
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest);
    all.add(0, first);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<String> subjects(Map<String, Object> detailed, String check) {
    return list(detailed, "checks").stream().filter(c -> check.equals(c.get("check")))
        .map(c -> ((Map<String, String>) c.get("labels")).values().iterator().next())
        .collect(Collectors.toList());
  }

  /** A body that must be a JSON object, parsed strictly so that a malformed body fails the test. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonObject(String body) {
    Object value = Json.parse(body);
    assertThat(value).as("a JSON object: " + body).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
