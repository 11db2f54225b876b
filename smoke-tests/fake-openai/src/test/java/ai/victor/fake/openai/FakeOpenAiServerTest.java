package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  private HttpResponse<String> post(String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
