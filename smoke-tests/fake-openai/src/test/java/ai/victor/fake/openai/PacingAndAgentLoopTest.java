package ai.victor.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunk pacing and the agent loop over plain HTTP, in each API's wire format, with no SDK or
 * framework between the test and the fake. Timing assertions are lower bounds only, which pacing
 * guarantees however loaded the machine is.
 */
class PacingAndAgentLoopTest {
  private static final long FIRST_MS = 300;
  private static final long INTERVAL_MS = 40;
  private static final Map<String, Object> CITY_SCHEMA = Map.of("type", "object",
      "properties", Map.of("city", Map.of("type", "string")));

  private static FakeOpenAiServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = FakeOpenAiServer.start(0, 50);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void streamedChunksArePacedAndTheirSendTimesReadBack() throws Exception {
    server.script("gpt-paced", Script.DEFAULT.withPacing(FIRST_MS, INTERVAL_MS));
    long start = System.nanoTime();
    List<Long> contentArrivals = new ArrayList<>();

    HttpResponse<InputStream> response = client.send(request("/v1/chat/completions", Map.of(),
        Map.of("model", "gpt-paced", "stream", true,
            "messages", List.of(Map.of("role", "user", "content", "one two three")))),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
          contentArrivals.add(System.nanoTime() - start);
        }
      }
    }

    FakeOpenAiServer.Exchange exchange = server.exchanges().get(0);
    List<Chunk> output = exchange.outputChunks();
    assertThat(output).extracting(Chunk::data).allMatch(data -> data.contains("\"content\""));
    assertThat(output).hasSize(4); // "Echo: ", "one ", "two ", "three"
    assertThat(output.get(0).offsetNanos()).isGreaterThanOrEqualTo(ms(FIRST_MS));
    for (int i = 1; i < output.size(); i++) {
      assertThat(output.get(i).offsetNanos() - output.get(i - 1).offsetNanos())
          .isGreaterThanOrEqualTo(ms(INTERVAL_MS));
    }
    List<Chunk> chunks = exchange.chunks();
    assertThat(chunks.get(0).output()).as("the role chunk").isFalse();
    assertThat(chunks.get(0).offsetNanos()).as("envelope goes with the first output")
        .isGreaterThanOrEqualTo(ms(FIRST_MS));
    assertThat(chunks.get(chunks.size() - 1).data()).isEqualTo("[DONE]");
    // the client cannot have seen a chunk before the server sent it
    assertThat(contentArrivals).hasSize(4);
    assertThat(contentArrivals.get(0)).isGreaterThanOrEqualTo(ms(FIRST_MS));
    assertThat(contentArrivals.get(3)).isGreaterThanOrEqualTo(ms(FIRST_MS + 3 * INTERVAL_MS));
    assertThat(exchange.receivedNanos()).isBetween(start, start + contentArrivals.get(0));
  }

  @Test
  void chatCompletionsAgentLoop() throws Exception {
    server.script("gpt-loop", Script.DEFAULT.withToolRounds(3));
    List<Object> messages = new ArrayList<>(
        List.of(Map.of("role", "user", "content", "call getWeather please")));
    List<Object> tools = List.of(Map.of("type", "function",
        "function", Map.of("name", "getWeather", "parameters", CITY_SCHEMA)));
    List<String> calls = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      Map<String, Object> message = Json.object(Json.object(Json.array(post("/v1/chat/completions",
          Map.of(), Map.of("model", "gpt-loop", "tools", tools, "messages", messages))
          .get("choices")).get(0)).get("message"));
      Map<String, Object> call = Json.object(Json.array(message.get("tool_calls")).get(0));
      Map<String, Object> function = Json.object(call.get("function"));
      calls.add(function.get("name") + " " + function.get("arguments"));
      messages.add(message);
      messages.add(Map.of("role", "tool", "tool_call_id", call.get("id"), "content", "r" + round));
    }
    Map<String, Object> answer = Json.object(Json.object(Json.array(post("/v1/chat/completions",
        Map.of(), Map.of("model", "gpt-loop", "tools", tools, "messages", messages))
        .get("choices")).get(0)).get("message"));

    assertThat(answer.get("content")).isEqualTo("Tool results: r1; r2; r3");
    assertLoop(calls, "getWeather {\"city\":\"sample\"}");
  }

  @Test
  void responsesAgentLoop() throws Exception {
    server.script("gpt-loop", Script.DEFAULT.withToolRounds(3));
    List<Object> input = new ArrayList<>(
        List.of(Map.of("role", "user", "content", "call getWeather please")));
    List<Object> tools = List.of(Map.of("type", "function", "name", "getWeather",
        "parameters", CITY_SCHEMA, "strict", false));
    List<String> calls = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      Map<String, Object> call = Json.object(Json.array(post("/v1/responses", OPENAI_KEY,
          Map.of("model", "gpt-loop", "tools", tools, "input", input)).get("output")).get(0));
      assertThat(call.get("type")).isEqualTo("function_call");
      calls.add(call.get("name") + " " + call.get("arguments"));
      input.add(call);
      input.add(Map.of("type", "function_call_output", "call_id", call.get("call_id"),
          "output", "r" + round));
    }
    Map<String, Object> answer = Json.object(Json.array(post("/v1/responses", OPENAI_KEY,
        Map.of("model", "gpt-loop", "tools", tools, "input", input)).get("output")).get(0));

    assertThat(Json.object(Json.array(answer.get("content")).get(0)).get("text"))
        .isEqualTo("Tool results: r1; r2; r3");
    assertLoop(calls, "getWeather {\"city\":\"sample\"}");
  }

  @Test
  void anthropicAgentLoop() throws Exception {
    server.script("claude-loop", Script.DEFAULT.withToolRounds(3));
    List<Object> messages = new ArrayList<>(
        List.of(Map.of("role", "user", "content", "call getWeather please")));
    List<Object> tools = List.of(Map.of("name", "getWeather", "input_schema", CITY_SCHEMA));
    List<String> calls = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      Map<String, Object> message = post("/v1/messages", ANTHROPIC_HEADERS, Map.of("model",
          "claude-loop", "max_tokens", 100, "tools", tools, "messages", messages));
      assertThat(message.get("stop_reason")).isEqualTo("tool_use");
      Map<String, Object> use = Json.object(Json.array(message.get("content")).get(0));
      calls.add(use.get("name") + " " + Json.write(use.get("input")));
      messages.add(Map.of("role", "assistant", "content", message.get("content")));
      messages.add(Map.of("role", "user", "content", List.of(Map.of("type", "tool_result",
          "tool_use_id", use.get("id"), "content", "r" + round))));
    }
    Map<String, Object> answer = post("/v1/messages", ANTHROPIC_HEADERS, Map.of("model",
        "claude-loop", "max_tokens", 100, "tools", tools, "messages", messages));

    assertThat(Json.object(Json.array(answer.get("content")).get(0)).get("text"))
        .isEqualTo("Tool results: r1; r2; r3");
    assertLoop(calls, "getWeather {\"city\":\"sample\"}");
  }

  @Test
  void geminiAgentLoop() throws Exception {
    server.script("gemini-loop", Script.DEFAULT.withToolRounds(3));
    List<Object> contents = new ArrayList<>(List.of(Map.of("role", "user",
        "parts", List.of(Map.of("text", "call getWeather please")))));
    List<Object> tools = List.of(Map.of("functionDeclarations",
        List.of(Map.of("name", "getWeather", "parametersJsonSchema", CITY_SCHEMA))));
    String path = "/v1beta/models/gemini-loop:generateContent";
    List<String> calls = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      Map<String, Object> content = Json.object(Json.object(Json.array(post(path, GEMINI_KEY,
          Map.of("contents", contents, "tools", tools)).get("candidates")).get(0)).get("content"));
      Map<String, Object> call = Json.object(
          Json.object(Json.array(content.get("parts")).get(0)).get("functionCall"));
      calls.add(call.get("name") + " " + Json.write(call.get("args")));
      contents.add(content);
      contents.add(Map.of("role", "user", "parts", List.of(Map.of("functionResponse",
          Map.of("name", "getWeather", "response", Map.of("result", "r" + round))))));
    }
    Map<String, Object> answer = Json.object(Json.object(Json.array(post(path, GEMINI_KEY,
        Map.of("contents", contents, "tools", tools)).get("candidates")).get(0)).get("content"));

    assertThat(Json.object(Json.array(answer.get("parts")).get(0)).get("text")).isEqualTo(
        "Tool results: {\"result\":\"r1\"}; {\"result\":\"r2\"}; {\"result\":\"r3\"}");
    assertLoop(calls, "getWeather {\"city\":\"sample\"}");
  }

  /** Three identical calls, then the answer; each exchange records its own tool call ids. */
  private static void assertLoop(List<String> calls, String expected) {
    assertThat(calls).containsExactly(expected, expected, expected);
    List<FakeOpenAiServer.Exchange> exchanges = server.exchanges();
    assertThat(exchanges).extracting(e -> e.reply().toolCalls().size())
        .containsExactly(1, 1, 1, 0);
    assertThat(exchanges.subList(0, 3)).extracting(e -> e.reply().toolCalls().get(0).id())
        .doesNotHaveDuplicates();
  }

  private static final Map<String, String> OPENAI_KEY = Map.of("Authorization", "Bearer k");
  private static final Map<String, String> ANTHROPIC_HEADERS =
      Map.of("x-api-key", "k", "anthropic-version", "2023-06-01");
  private static final Map<String, String> GEMINI_KEY = Map.of("x-goog-api-key", "k");

  private Map<String, Object> post(String path, Map<String, String> headers, Object body)
      throws Exception {
    HttpResponse<String> response =
        client.send(request(path, headers, body), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.object(Json.parse(response.body()));
  }

  private HttpRequest request(String path, Map<String, String> headers, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.rootUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    new LinkedHashMap<>(headers).forEach(request::header);
    return request.build();
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
