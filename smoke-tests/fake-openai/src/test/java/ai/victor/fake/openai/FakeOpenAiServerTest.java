package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
  private static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"getWeather\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}}";
  private static final String CLOCK_TOOL =
      "{\"type\":\"function\",\"function\":{\"name\":\"currentTime\",\"parameters\":{}}}";

  private final HttpClient client = HttpClient.newHttpClient();
  private FakeOpenAiServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void plainAnswerEchoesTheUserAndCountsTokens() throws Exception {
    HttpResponse<String> response = post("{\"model\":\"gpt-4o-mini\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello there\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = Json.object(Json.parse(response.body()));
    Map<String, Object> choice = Json.object(Json.array(body.get("choices")).get(0));
    assertThat(Json.object(choice.get("message")).get("content")).isEqualTo("Echo: Hello there");
    assertThat(choice.get("finish_reason")).isEqualTo("stop");
    // 9 + 11 prompt characters -> 5 tokens; "Echo: Hello there" is 17 characters -> 5 tokens.
    assertThat(body.get("usage")).isEqualTo(Map.of(
        "prompt_tokens", 5.0, "completion_tokens", 5.0, "total_tokens", 10.0));
    assertThat(server.exchanges()).singleElement()
        .satisfies(e -> assertThat(e.reply().totalTokens()).isEqualTo(10));
  }

  @Test
  void scriptedAnswersComeInOrderThenTheLastStaysAndOtherModelsEcho() throws Exception {
    server.answer("gpt-planner", "{\"step\": 1}", "done");
    String planner = "{\"model\":\"gpt-planner\",\"messages\":[{\"role\":\"user\",\"content\":\"Plan\"}]}";

    List<Object> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(content(post(planner)));
    }
    Object other = content(post("{\"model\":\"gpt-4o-mini\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Plan\"}]}"));

    assertThat(answers).containsExactly("{\"step\": 1}", "done", "done");
    assertThat(other).isEqualTo("Echo: Plan");
    // "done" is 4 characters: 1 output token
    assertThat(server.exchanges().get(1).reply().completionTokens()).isEqualTo(1);
    server.reset();
    assertThat(content(post(planner))).isEqualTo("Echo: Plan");
  }

  private static Object content(HttpResponse<String> response) {
    Map<String, Object> body = Json.object(Json.parse(response.body()));
    Map<String, Object> choice = Json.object(Json.array(body.get("choices")).get(0));
    return Json.object(choice.get("message")).get("content");
  }

  @Test
  void callsTheToolsNamedInTheLastUserMessageWithSchemaArguments() throws Exception {
    HttpResponse<String> response = post("{\"model\":\"m\",\"tools\":[" + WEATHER_TOOL + "," + CLOCK_TOOL
        + "],\"messages\":[{\"role\":\"user\",\"content\":\"call getWeather please\"}]}");

    Map<String, Object> choice = Json.object(Json.array(
        Json.object(Json.parse(response.body())).get("choices")).get(0));
    assertThat(choice.get("finish_reason")).isEqualTo("tool_calls");
    List<Object> calls = Json.array(Json.object(choice.get("message")).get("tool_calls"));
    assertThat(calls).hasSize(1);
    Map<String, Object> function = Json.object(Json.object(calls.get(0)).get("function"));
    assertThat(function.get("name")).isEqualTo("getWeather");
    assertThat(function.get("arguments")).isEqualTo("{\"city\":\"sample\",\"days\":1}");
  }

  @Test
  void answersWithTheToolResultsOnceTheyArrive() throws Exception {
    HttpResponse<String> response = post("{\"model\":\"m\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":["
        + "{\"role\":\"user\",\"content\":\"getWeather\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"getWeather\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}");

    Map<String, Object> choice = Json.object(Json.array(
        Json.object(Json.parse(response.body())).get("choices")).get(0));
    assertThat(Json.object(choice.get("message")).get("content")).isEqualTo("Tool results: sunny");
  }

  @Test
  void streamsWordChunksThenUsageThenDone() throws Exception {
    HttpResponse<String> response = post("{\"model\":\"m\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}");

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> events = response.body().lines().filter(l -> l.startsWith("data: "))
        .map(l -> l.substring(6)).toList();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    String finish = null;
    Object usage = null;
    for (String event : events.subList(0, events.size() - 1)) {
      Map<String, Object> chunk = Json.object(Json.parse(event));
      for (Object choice : Json.array(chunk.get("choices"))) {
        content.append(Json.string(Json.object(Json.object(choice).get("delta")).get("content")));
        if (Json.object(choice).get("finish_reason") != null) {
          finish = (String) Json.object(choice).get("finish_reason");
        }
      }
      if (chunk.get("usage") != null) {
        usage = chunk.get("usage");
      }
    }
    assertThat(content.toString()).isEqualTo("Echo: one two");
    assertThat(finish).isEqualTo("stop");
    assertThat(Json.object(usage).get("completion_tokens")).isEqualTo(4.0);
  }

  @Test
  void failsByModelNameAndOnRequest() throws Exception {
    String ask = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> limited = post("{\"model\":\"fake-rate-limited\"," + ask);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("0");
    assertThat(Json.object(Json.object(Json.parse(limited.body())).get("error")).get("type"))
        .isEqualTo("rate_limit_error");
    assertThat(post("{\"model\":\"fake-server-error\"," + ask).statusCode()).isEqualTo(500);

    server.failNext(503, 2);
    assertThat(post("{\"model\":\"m\"," + ask).statusCode()).isEqualTo(503);
    assertThat(post("{\"model\":\"m\"," + ask).statusCode()).isEqualTo(503);
    assertThat(post("{\"model\":\"m\"," + ask).statusCode()).isEqualTo(200);

    long start = System.nanoTime();
    assertThat(post("{\"model\":\"fake-slow\"," + ask).statusCode()).isEqualTo(200);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
  }

  @Test
  void malformedJsonIsAClientError() throws Exception {
    assertThat(post("{\"model\":").statusCode()).isEqualTo(400);
    assertThat(post("{\"model\":\"m\",\"model\":\"n\"}").statusCode()).as("duplicate key")
        .isEqualTo(400);
    assertThat(post("{\"model\":\"m\"} x").statusCode()).as("trailing characters").isEqualTo(400);
  }

  @Test
  void scriptsOverHttpAndReadsBackWhatWasSent() throws Exception {
    HttpResponse<String> scripted = get("/admin/script?model=gpt-x&cache_read_tokens=5"
        + "&reasoning_tokens=2&ratelimit_requests_limit=10&ratelimit_requests_remaining=9"
        + "&ratelimit_tokens_limit=100&ratelimit_tokens_remaining=90&first_chunk_ms=20");
    assertThat(scripted.statusCode()).isEqualTo(200);
    assertThat(Json.parse(scripted.body())).isEqualTo(json("{\"cache_read_tokens\":5,"
        + "\"reasoning_tokens\":2,\"first_chunk_ms\":20,\"chunk_interval_ms\":0,\"tool_rounds\":1,"
        + "\"retry_after_s\":0,\"ratelimit_requests_limit\":10,\"ratelimit_requests_remaining\":9,"
        + "\"ratelimit_tokens_limit\":100,\"ratelimit_tokens_remaining\":90,"
        + "\"ratelimit_requests_reset_ms\":1000,\"ratelimit_tokens_reset_ms\":1000}"));

    HttpResponse<String> response = post("{\"model\":\"gpt-x\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("90");
    assertThat(response.headers().firstValue("x-ratelimit-reset-tokens")).hasValue("1s");
    assertThat(response.body()).contains("\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":4,"
        + "\"total_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":5},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}");
    assertThat(post("{\"model\":\"other\",\"messages\":[]}").body())
        .as("an unscripted model").doesNotContain("details");

    List<Object> exchanges = Json.array(Json.parse(get("/admin/exchanges").body()));
    Map<String, Object> first = Json.object(exchanges.get(0));
    assertThat(first.get("api")).isEqualTo("CHAT_COMPLETIONS");
    assertThat(first.get("usage")).isEqualTo(json("{\"input\":6,\"output\":4,"
        + "\"cache_read\":5,\"cache_write\":null,\"reasoning\":2}"));
    assertThat(Json.object(first.get("headers"))).containsEntry("x-ratelimit-limit-requests", "10");
    List<Object> chunks = Json.array(first.get("chunks"));
    assertThat(chunks).hasSize(6);
    Map<String, Object> firstOutput = Json.object(chunks.get(1));
    assertThat(firstOutput.get("output")).isEqualTo(true);
    assertThat((Double) firstOutput.get("offset_ms")).isGreaterThanOrEqualTo(20.0);
    assertThat(Json.object(chunks.get(5)).get("data")).isEqualTo("[DONE]");

    assertThat(get("/admin/reset").statusCode()).isEqualTo(200);
    assertThat(server.exchanges()).isEmpty();
    assertThat(post("{\"model\":\"gpt-x\",\"messages\":[]}").headers()
        .firstValue("x-ratelimit-limit-requests")).as("scripts are reset too").isEmpty();
  }

  @Test
  void badScriptSettingsAreRefusedByName() throws Exception {
    HttpResponse<String> unknown = get("/admin/script?cache_reads=5");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown script setting 'cache_reads'");
    assertThat(get("/admin/script?tool_rounds=0").body()).contains("tool_rounds must be at least 1");
    assertThat(get("/admin/script?reasoning_tokens=-1").body())
        .contains("'reasoning_tokens' must be a non-negative integer");
    assertThat(get("/admin/script?ratelimit_requests_limit=5").body())
        .contains("'ratelimit_requests_remaining' is missing");
  }

  @Test
  void theNewApisRefuseWhatTheRealOnesRefuse() throws Exception {
    String message = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    HttpResponse<String> noVersion = post("/v1/messages", Map.of("x-api-key", "k"),
        "{\"model\":\"claude\",\"max_tokens\":9," + message + "}");
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.body()).startsWith("{\"type\":\"error\",\"error\":{")
        .contains("invalid_request_error", "anthropic-version");
    HttpResponse<String> noKey = post("/v1/messages", Map.of("anthropic-version", "2023-06-01"),
        "{\"model\":\"claude\",\"max_tokens\":9," + message + "}");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.body()).contains("authentication_error");
    HttpResponse<String> noMaxTokens = post("/v1/messages",
        Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"),
        "{\"model\":\"claude\"," + message + "}");
    assertThat(noMaxTokens.statusCode()).isEqualTo(400);
    assertThat(noMaxTokens.body()).contains("max_tokens");

    String contents = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    HttpResponse<String> geminiNoKey =
        post("/v1beta/models/gemini:generateContent", Map.of(), contents);
    assertThat(geminiNoKey.statusCode()).isEqualTo(403);
    assertThat(geminiNoKey.body()).contains("\"status\":\"PERMISSION_DENIED\"");
    assertThat(post("/v1beta/models/gemini:generateContent?key=k", Map.of(), contents).statusCode())
        .isEqualTo(200);
    HttpResponse<String> notSse = post("/v1beta/models/gemini:streamGenerateContent",
        Map.of("x-goog-api-key", "k"), contents);
    assertThat(notSse.statusCode()).isEqualTo(400);
    assertThat(notSse.body()).contains("INVALID_ARGUMENT", "alt=sse");

    assertThat(post("/v1/responses", Map.of(), "{\"model\":\"gpt\",\"input\":\"hi\"}")
        .statusCode()).isEqualTo(401);
    HttpResponse<String> stateful = post("/v1/responses", Map.of("Authorization", "Bearer k"),
        "{\"model\":\"gpt\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}");
    assertThat(stateful.statusCode()).isEqualTo(400);
    assertThat(stateful.body()).contains("invalid_request_error");
    assertThat(server.exchanges()).as("refused requests are not answers").hasSize(1);
  }

  private static Object json(String text) {
    return Json.parse(text);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.rootUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.rootUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
