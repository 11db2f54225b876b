package ai.victor.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints benchmarks/whole-process.sh reads: their fields and plausible values. */
class OverheadEndpointsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static SampleAgentApp app;

  @BeforeAll
  static void start() {
    app = new SampleAgentApp(0);
    app.start();
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void jvmReportsStartupClassesThreadsAndMemory() throws Exception {
    String body = get("/admin/runtime?gc=true");

    long startup = number(body, "startupMs");
    assertThat(startup).isPositive().isLessThanOrEqualTo(number(body, "uptimeMs"));
    assertThat(number(body, "processCpuMs")).isPositive();
    assertThat(number(body, "startupThreadCpuMs")).isPositive();
    assertThat(number(body, "loadedClasses")).isGreaterThan(500);
    assertThat(number(body, "threads")).isGreaterThan(8); // at least the server's pool
    assertThat(number(body, "heapUsedBytes")).isPositive();
    assertThat(number(body, "metaspaceUsedBytes")).isPositive();
  }

  @Test
  void microloadRunsCacheLookupsAndAToolCallPerRequest() throws Exception {
    String body = get("/admin/microload?requests=200&concurrency=2");

    assertThat(number(body, "requests")).isEqualTo(200);
    // Each request's tool computes for about 50 us (fixed work: less on a faster core).
    assertThat(number(body, "p50Us")).isGreaterThanOrEqualTo(10);
    assertThat(number(body, "p95Us")).isGreaterThanOrEqualTo(number(body, "p50Us"));
    assertThat(number(body, "p99Us")).isGreaterThanOrEqualTo(number(body, "p95Us"));
    assertThat(body).containsPattern("\"throughput\":[1-9]");
    // The tool call's Future and result at least.
    assertThat(number(body, "allocatedBytes")).isGreaterThan(200 * 32);
    // That work is CPU time of the process, whatever else the machine runs.
    assertThat(number(body, "cpuUsPerRequest")).isGreaterThanOrEqualTo(10);
  }

  @Test
  void loadReportsLatenciesAndTheServingThreadsAllocation() throws Exception {
    String body = get("/admin/load?requests=20&concurrency=2");

    assertThat(number(body, "requests")).isEqualTo(20);
    assertThat(number(body, "p50Us")).isPositive();
    assertThat(number(body, "p95Us")).isGreaterThanOrEqualTo(number(body, "p50Us"));
    assertThat(number(body, "elapsedMs")).isPositive();
    assertThat(number(body, "allocatedBytes")).isPositive();
    assertThat(number(body, "cpuUsPerRequest")).isPositive();
  }

  @Test
  void microloadRejectsMoreConcurrencyThanItsToolThreads() throws Exception {
    HttpResponse<String> response = send("/admin/microload?requests=10&concurrency=5");
    assertThat(response.statusCode()).isEqualTo(400);
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> send(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.port() + path);
    return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
    assertThat(m.find()).as(key + " in " + json).isTrue();
    return Long.parseLong(m.group(1));
  }
}
