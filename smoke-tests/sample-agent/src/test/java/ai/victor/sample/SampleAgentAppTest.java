package ai.victor.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.sample.load.LoadGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the whole application on an ephemeral port and talks to it over HTTP. */
class SampleAgentAppTest {

  private static SampleAgentApp app;
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    app = new SampleAgentApp(0);
    app.start();
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static HttpResponse<String> get(String pathAndQuery)
      throws IOException, InterruptedException {
    return get(app, pathAndQuery);
  }

  private static HttpResponse<String> get(SampleAgentApp target, String pathAndQuery)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + target.port() + pathAndQuery);
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersAChat() throws Exception {
    HttpResponse<String> response = get("/chat?q=what+is+the+weather+in+Paris&ctx=session-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .startsWith("{")
        .endsWith("}")
        .contains("\"provider\":\"", "\"model\":\"", "\"tools\":[", "\"answer\":\"");
  }

  @Test
  void answersAPostedChat() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.port() + "/chat?ctx=session-2");
    HttpRequest request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("calculate 2 + 3")).build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"tools\":[\"calculator\"");
  }

  @Test
  void rejectsAChatWithoutPrompt() throws Exception {
    assertThat(get("/chat").statusCode()).isEqualTo(400);
  }

  @Test
  void answersHealthChecks() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void failsOverAndReports502WhenEveryProviderFails() throws Exception {
    // A separate instance, so that the faults injected here cannot leak into the other tests.
    SampleAgentApp faulty = new SampleAgentApp(0);
    faulty.start();
    try {
      HttpResponse<String> knobs =
          get(
              faulty,
              "/admin/faults?sample.provider.openai.error-rate=1"
                  + "&sample.provider.anthropic.error-rate=0"
                  + "&sample.provider.anthropic.rate-limit-rate=0"
                  + "&sample.provider.anthropic.timeout-rate=0");
      assertThat(knobs.statusCode()).isEqualTo(200);
      assertThat(knobs.body()).contains("\"sample.provider.openai.error-rate\":1,");
      assertThat(get(faulty, "/chat?q=hello+there").body()).contains("\"provider\":\"anthropic\"");

      get(faulty, "/admin/faults?sample.provider.anthropic.error-rate=1&sample.provider.ollama.error-rate=1");
      HttpResponse<String> response = get(faulty, "/chat?q=hello+again");

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body())
          .contains("\"error\":\"all providers failed\"", "\"provider\":\"ollama\"");
    } finally {
      faulty.stop();
    }
  }

  @Test
  void rejectsUnknownKnobsAtomically() throws Exception {
    HttpResponse<String> response =
        get("/admin/faults?sample.tool.flaky.failure-rate=1&sample.tool.nope.failure-rate=1");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(get("/admin/faults").body()).contains("\"sample.tool.flaky.failure-rate\":0.1");
  }

  @Test
  void runsTheLoadGenerator() {
    LoadGenerator.Result result = app.loadGenerator().run(40, 4);

    assertThat(result.requests()).isEqualTo(40);
    assertThat(result.ok()).isGreaterThan(30);
  }

  @Test
  void runsTheLoadGeneratorOverHttp() throws Exception {
    HttpResponse<String> response = get("/admin/load?requests=10&concurrency=2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"requests\":10");
  }
}
