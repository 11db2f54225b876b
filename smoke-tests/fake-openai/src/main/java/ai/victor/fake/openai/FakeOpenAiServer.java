package ai.victor.fake.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking the OpenAI chat-completions API ({@code POST /v1/chat/completions},
 * plain and {@code stream: true}), answering by the rules of {@link Reply}.
 *
 * <p>Failures are chosen by model name, so that a client can be pointed at a failing "model" with no
 * server-side setup: a model name containing {@code rate-limited} gets 429, {@code server-error} 500,
 * {@code bad-request} 400, and {@code slow} an answer delayed by {@link #slowMillis} (for client
 * timeouts). {@link #failNext} (or {@code GET /admin/fail-next?status=&count=}) makes the next
 * requests fail whatever the model, to exercise retries. Every request is recorded in {@link
 * #exchanges()} so that tests can compare telemetry with what the server really returned.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /** One answered request: what was asked for and what came back. */
  public record Exchange(String model, boolean stream, int status, Reply reply) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final long slowMillis;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus;

  private FakeOpenAiServer(int port, long slowMillis) throws IOException {
    this.slowMillis = slowMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    executor = Executors.newFixedThreadPool(8, runnable -> {
      Thread thread = new Thread(runnable, "fake-openai");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on a loopback port ({@code 0} for any free one); slow models answer after 3 s. */
  public static FakeOpenAiServer start(int port) throws IOException {
    return start(port, 3_000);
  }

  public static FakeOpenAiServer start(int port, long slowMillis) throws IOException {
    return new FakeOpenAiServer(port, slowMillis);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL OpenAI clients take, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The next {@code count} chat requests get {@code status} with an OpenAI-shaped error body. */
  public void failNext(int status, int count) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      route(http);
    }
  }

  private void route(HttpExchange http) throws IOException {
    try {
      String path = http.getRequestURI().getPath();
      if (path.endsWith("/chat/completions") && "POST".equals(http.getRequestMethod())) {
        chat(http);
      } else if (path.equals("/admin/fail-next")) {
        Map<String, String> query = query(http.getRequestURI());
        failNext(Integer.parseInt(query.getOrDefault("status", "500")),
            Integer.parseInt(query.getOrDefault("count", "1")));
        send(http, 200, "{\"ok\":true}");
      } else if (path.equals("/admin/exchanges")) {
        send(http, 200, Json.write(exchangesJson()));
      } else if (path.endsWith("/models")) {
        send(http, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}");
      } else {
        send(http, 404, error("not_found", "Unknown path " + path));
      }
    } catch (RuntimeException e) {
      send(http, 400, error("invalid_request_error", String.valueOf(e.getMessage())));
    }
  }

  private void chat(HttpExchange http) throws IOException {
    String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, Object> request = Json.object(Json.parse(body));
    String model = Json.string(request.get("model"));
    boolean stream = Boolean.TRUE.equals(request.get("stream"));

    int status = failureStatus(model);
    if (status != 200) {
      exchanges.add(new Exchange(model, stream, status, null));
      if (status == 429) {
        http.getResponseHeaders().set("retry-after", "0");
      }
      send(http, status, error(errorType(status), "Fake failure " + status + " for model " + model));
      return;
    }
    if (model.contains("slow")) {
      sleep(slowMillis);
    }
    int id = sequence.incrementAndGet();
    Reply reply = Reply.to(request, id);
    exchanges.add(new Exchange(model, stream, 200, reply));
    if (stream) {
      stream(http, "chatcmpl-" + id, model, reply,
          Boolean.TRUE.equals(Json.object(request.get("stream_options")).get("include_usage")));
    } else {
      send(http, 200, Json.write(completion("chatcmpl-" + id, model, reply)));
    }
  }

  private int failureStatus(String model) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return failureStatus;
    }
    if (model.contains("rate-limited")) {
      return 429;
    }
    if (model.contains("server-error")) {
      return 500;
    }
    if (model.contains("bad-request")) {
      return 400;
    }
    return 200;
  }

  private static String errorType(int status) {
    switch (status) {
      case 429: return "rate_limit_error";
      case 400: return "invalid_request_error";
      default: return "server_error";
    }
  }

  private static Map<String, Object> completion(String id, String model, Reply reply) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", reply.content());
    if (!reply.toolCalls().isEmpty()) {
      message.put("tool_calls", toolCallsJson(reply, false));
    }
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", reply.finishReason());
    Map<String, Object> response = envelope(id, "chat.completion", model);
    response.put("choices", List.of(choice));
    response.put("usage", usage(reply));
    return response;
  }

  /**
   * Server-sent events as OpenAI sends them: a role chunk, the content a word at a time (or one
   * chunk per tool call), a chunk carrying the finish reason, the usage chunk when the client asked
   * for it, then {@code [DONE]}.
   */
  private static void stream(HttpExchange http, String id, String model, Reply reply,
      boolean includeUsage) throws IOException {
    http.getResponseHeaders().set("Content-Type", "text/event-stream");
    http.sendResponseHeaders(200, 0);
    OutputStream out = http.getResponseBody();
    event(out, chunk(id, model, Map.of("role", "assistant", "content", ""), null));
    if (reply.toolCalls().isEmpty()) {
      for (String piece : reply.content().split("(?<= )")) {
        event(out, chunk(id, model, Map.of("content", piece), null));
      }
    } else {
      for (Object call : toolCallsJson(reply, true)) {
        event(out, chunk(id, model, Map.of("tool_calls", List.of(call)), null));
      }
    }
    event(out, chunk(id, model, Map.of(), reply.finishReason()));
    if (includeUsage) {
      Map<String, Object> usageChunk = envelope(id, "chat.completion.chunk", model);
      usageChunk.put("choices", List.of());
      usageChunk.put("usage", usage(reply));
      event(out, Json.write(usageChunk));
    }
    event(out, "[DONE]");
  }

  private static String chunk(String id, String model, Map<String, Object> delta, String finish) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finish);
    Map<String, Object> chunk = envelope(id, "chat.completion.chunk", model);
    chunk.put("choices", List.of(choice));
    return Json.write(chunk);
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Map<String, Object> envelope(String id, String object, String model) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", id);
    envelope.put("object", object);
    envelope.put("created", System.currentTimeMillis() / 1000);
    envelope.put("model", model);
    envelope.put("system_fingerprint", "fp_fake");
    return envelope;
  }

  private static List<Object> toolCallsJson(Reply reply, boolean indexed) {
    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < reply.toolCalls().size(); i++) {
      Reply.ToolCall call = reply.toolCalls().get(i);
      Map<String, Object> json = new LinkedHashMap<>();
      if (indexed) {
        json.put("index", i);
      }
      json.put("id", call.id());
      json.put("type", "function");
      json.put("function", Map.of("name", call.name(), "arguments", call.arguments()));
      calls.add(json);
    }
    return calls;
  }

  private static Map<String, Object> usage(Reply reply) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", reply.promptTokens());
    usage.put("completion_tokens", reply.completionTokens());
    usage.put("total_tokens", reply.totalTokens());
    return usage;
  }

  private List<Object> exchangesJson() {
    List<Object> list = new ArrayList<>();
    for (Exchange exchange : exchanges) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", exchange.model());
      json.put("stream", exchange.stream());
      json.put("status", exchange.status());
      if (exchange.reply() != null) {
        json.put("prompt_tokens", exchange.reply().promptTokens());
        json.put("completion_tokens", exchange.reply().completionTokens());
        json.put("tool_calls", exchange.reply().toolCalls().size());
      }
      list.add(json);
    }
    return list;
  }

  private static String error(String type, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type);
    error.put("param", null);
    error.put("code", null);
    return Json.write(Map.of("error", error));
  }

  private static void send(HttpExchange http, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "application/json");
    http.sendResponseHeaders(status, bytes.length);
    http.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code java -jar victor-otel-fake-openai.jar [--port N] [--slow-ms N]}; prints the port. */
  public static void main(String[] args) throws Exception {
    int port = 0;
    long slow = 3_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port": port = Integer.parseInt(args[i + 1]); break;
        case "--slow-ms": slow = Long.parseLong(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]
            + " (expected --port N or --slow-ms N)");
      }
    }
    FakeOpenAiServer server = start(port, slow);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("LISTENING port=" + server.port() + " baseUrl=" + server.baseUrl());
    Thread.currentThread().join();
  }
}
