package ai.victor.fake.openai;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback server speaking four provider HTTP APIs on one port (see {@link Api}): OpenAI's chat
 * completions and Responses, Anthropic's Messages and Gemini's generateContent, each plain and
 * streamed, answering by the rules of {@link Reply} in each API's own wire format.
 *
 * <p>Failures are chosen by model name, so that a client can be pointed at a failing "model" with no
 * server-side setup: a model name containing {@code rate-limited} gets 429, {@code overloaded} 529,
 * {@code server-error} 500, {@code bad-request} 400, and {@code slow} an answer delayed by {@link
 * #slowMillis} (for client timeouts). {@link #failNext} (or {@code GET /admin/fail-next?status=&count=})
 * makes the next requests fail whatever the model, to exercise retries. Error bodies and headers
 * take each API's shape.
 *
 * <p>A {@link Script} per model (or a default one) adds cached, cache-written and reasoning tokens,
 * rate-limit headers, pacing of streamed chunks and agent loops; {@link #script} sets it in process,
 * {@code GET /admin/script?model=M&setting=value...} from another one.
 *
 * <p>Every request the server answered or failed on purpose is recorded as an {@link Exchange}, with
 * the tokens per kind, the headers and every chunk with its send time, so that tests compare
 * telemetry with what the server really sent ({@link #exchanges()}, or {@code GET /admin/exchanges}).
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /**
   * One answered request: what was asked for and what came back. {@code reply} and {@code usage}
   * are null for a failure; {@code requestHeaders} are the client's (names in lower case, first
   * values), {@code headers} those the fake added (rate limits, {@code retry-after}); {@code chunks}
   * are the streamed events, or the one body, with their send times; {@code receivedNanos} is the
   * {@link System#nanoTime()} of the request's arrival.
   */
  public record Exchange(String model, boolean stream, int status, Reply reply, Api api,
      Usage usage, Map<String, String> requestHeaders, Map<String, String> headers,
      List<Chunk> chunks, long receivedNanos) {

    /** The chunks so far; a stream's grow while it is sent. */
    @Override
    public List<Chunk> chunks() {
      return List.copyOf(chunks);
    }

    /** The chunks that carry model output (text or tool calls). */
    public List<Chunk> outputChunks() {
      return chunks().stream().filter(Chunk::output).toList();
    }
  }

  private static final Dialect CHAT_COMPLETIONS = new ChatCompletions();
  private static final Dialect RESPONSES = new Responses();
  private static final Dialect ANTHROPIC = new AnthropicMessages();
  private static final Dialect GEMINI = new Gemini();

  private final HttpServer server;
  private final ExecutorService executor;
  private final long slowMillis;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, Answers> answers = new ConcurrentHashMap<>();
  private volatile Script defaultScript = Script.DEFAULT;
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus;

  private FakeOpenAiServer(int port, long slowMillis) throws IOException {
    this.slowMillis = slowMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    // Paced and slow answers hold a thread each while they wait.
    executor = Executors.newFixedThreadPool(16, runnable -> {
      Thread thread = new Thread(runnable, "fake-provider");
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
    return rootUrl() + "/v1";
  }

  /**
   * The base URL the Anthropic and Google GenAI SDKs take, which add their own version ({@code
   * /v1/messages}, {@code /v1beta/models/...}).
   */
  public String rootUrl() {
    return "http://127.0.0.1:" + port();
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The next {@code count} provider requests get {@code status} with an error body of their API. */
  public void failNext(int status, int count) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  /** Answers requests for {@code model} by {@code script} from now on. */
  public void script(String model, Script script) {
    scripts.put(model, script);
  }

  /** Answers requests for models without a script of their own by {@code script} from now on. */
  public void script(Script script) {
    defaultScript = script;
  }

  /**
   * Answers the requests for {@code model} that call no tool with {@code texts}, one per request in
   * order, the last one from then on: a model's scripted decisions (a planner's JSON), where the
   * echo would not do.
   */
  public void answer(String model, String... texts) {
    if (texts.length == 0) {
      throw new IllegalArgumentException("no answer for " + model);
    }
    answers.put(model, new Answers(List.of(texts)));
  }

  /** Forgets exchanges, scripts and pending failures, as a fresh server. */
  public void reset() {
    scripts.clear();
    answers.clear();
    defaultScript = Script.DEFAULT;
    failuresLeft.set(0);
    exchanges.clear();
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
    String path = http.getRequestURI().getPath();
    Dialect dialect = "POST".equals(http.getRequestMethod()) ? dialect(path) : null;
    if (dialect != null) {
      provider(http, dialect);
      return;
    }
    try {
      Map<String, String> query = query(http.getRequestURI().getRawQuery());
      if (path.equals("/admin/fail-next")) {
        failNext(Integer.parseInt(query.getOrDefault("status", "500")),
            Integer.parseInt(query.getOrDefault("count", "1")));
        send(http, 200, Map.of(), "{\"ok\":true}");
      } else if (path.equals("/admin/script")) {
        String model = query.remove("model");
        Script script = Script.parse(query);
        if (model == null) {
          script(script);
        } else {
          script(model, script);
        }
        send(http, 200, Map.of(), Json.write(script.toJson()));
      } else if (path.equals("/admin/reset")) {
        reset();
        send(http, 200, Map.of(), "{\"ok\":true}");
      } else if (path.equals("/admin/exchanges")) {
        send(http, 200, Map.of(), Json.write(exchangesJson()));
      } else if (path.endsWith("/models")) {
        send(http, 200, Map.of(),
            "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}");
      } else {
        send(http, 404, Map.of(), CHAT_COMPLETIONS.error(404, "Unknown path " + path, defaultScript));
      }
    } catch (RuntimeException e) {
      send(http, 400, Map.of(),
          CHAT_COMPLETIONS.error(400, String.valueOf(e.getMessage()), defaultScript));
    }
  }

  private static Dialect dialect(String path) {
    if (path.endsWith("/chat/completions")) {
      return CHAT_COMPLETIONS;
    }
    if (path.endsWith("/responses")) {
      return RESPONSES;
    }
    if (path.endsWith("/messages")) {
      return ANTHROPIC;
    }
    return Gemini.matches(path) ? GEMINI : null;
  }

  private void provider(HttpExchange http, Dialect dialect) throws IOException {
    long received = System.nanoTime();
    Dialect.Request request;
    Map<String, Object> body;
    try {
      Object json = Json.parse(new String(http.getRequestBody().readAllBytes(), UTF_8));
      if (!(json instanceof Map)) {
        throw new IllegalArgumentException("the request body must be a JSON object");
      }
      body = Json.object(json);
      request = dialect.read(http.getRequestURI().getPath(), http.getRequestURI().getRawQuery(),
          http.getRequestHeaders(), body);
    } catch (Dialect.Rejected e) {
      send(http, e.status, Map.of(), dialect.error(e.status, e.getMessage(), defaultScript));
      return;
    } catch (RuntimeException e) {
      send(http, 400, Map.of(), dialect.error(400, String.valueOf(e.getMessage()), defaultScript));
      return;
    }
    String model = request.model();
    Script script = scripts.getOrDefault(model, defaultScript);
    List<Chunk> chunks = new CopyOnWriteArrayList<>();
    Map<String, String> requestHeaders = new LinkedHashMap<>();
    http.getRequestHeaders().forEach((name, values) ->
        requestHeaders.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    Map<String, String> headers = new LinkedHashMap<>();

    int status = failureStatus(model);
    dialect.headers(script, status, headers);
    if (status != 200) {
      exchanges.add(new Exchange(model, request.stream(), status, null, dialect.api(), null,
          requestHeaders, Map.copyOf(headers), chunks, received));
      String error = dialect.error(status, "Fake failure " + status + " for model " + model, script);
      chunks.add(new Chunk(null, error, false, System.nanoTime() - received));
      send(http, status, headers, error);
      return;
    }
    if (model.contains("slow")) {
      sleepUntil(received + TimeUnit.MILLISECONDS.toNanos(slowMillis));
    }
    int id = sequence.incrementAndGet();
    Reply reply = Reply.to(request.conversation(), script, id, dialect.toolCallIdPrefix());
    Answers scripted = answers.get(model);
    if (scripted != null && reply.toolCalls().isEmpty()) {
      reply = reply.answering(scripted.next());
    }
    Usage usage = dialect.usage(reply, script);
    Dialect.Answer answer = new Dialect.Answer(id, model, reply, usage, body);
    exchanges.add(new Exchange(model, request.stream(), 200, reply, dialect.api(), usage,
        requestHeaders, Map.copyOf(headers), chunks, received));
    if (request.stream()) {
      stream(http, headers, dialect.events(answer), script, chunks, received);
    } else {
      String json = dialect.body(answer);
      chunks.add(new Chunk(null, json, true, System.nanoTime() - received));
      send(http, 200, headers, json);
    }
  }

  private int failureStatus(String model) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return failureStatus;
    }
    if (model.contains("rate-limited")) {
      return 429;
    }
    if (model.contains("overloaded")) {
      return 529;
    }
    if (model.contains("server-error")) {
      return 500;
    }
    if (model.contains("bad-request")) {
      return 400;
    }
    return 200;
  }

  /**
   * Writes {@code events} as server-sent events, paced by the script: the events up to the first one
   * with output once {@code firstChunkMillis} have passed since the request arrived, each later
   * output event {@code chunkIntervalMillis} after the previous one was sent, the others right after
   * their predecessor. Delays are lower bounds, so a loaded machine stretches them but never shortens
   * them. Each event is recorded before it is written, so a client that has read it finds it in the
   * exchange.
   */
  private static void stream(HttpExchange http, Map<String, String> headers,
      List<Dialect.Event> events, Script script, List<Chunk> chunks, long received)
      throws IOException {
    headers.forEach(http.getResponseHeaders()::set);
    http.getResponseHeaders().set("Content-Type", "text/event-stream");
    http.sendResponseHeaders(200, 0);
    OutputStream out = http.getResponseBody();
    long due = received + TimeUnit.MILLISECONDS.toNanos(script.firstChunkMillis());
    boolean outputSent = false;
    for (Dialect.Event event : events) {
      if (event.output() || !outputSent) {
        sleepUntil(due);
      }
      chunks.add(new Chunk(event.name(), event.data(), event.output(), System.nanoTime() - received));
      String text = (event.name() == null ? "" : "event: " + event.name() + "\n")
          + "data: " + event.data() + "\n\n";
      out.write(text.getBytes(UTF_8));
      out.flush();
      if (event.output()) {
        outputSent = true;
        due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(script.chunkIntervalMillis());
      }
    }
  }

  private List<Object> exchangesJson() {
    List<Object> list = new ArrayList<>();
    for (Exchange exchange : exchanges) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("api", exchange.api().name());
      json.put("model", exchange.model());
      json.put("stream", exchange.stream());
      json.put("status", exchange.status());
      json.put("headers", exchange.headers());
      Reply reply = exchange.reply();
      if (reply != null) {
        json.put("prompt_tokens", reply.promptTokens());
        json.put("completion_tokens", reply.completionTokens());
        json.put("tool_calls", reply.toolCalls().size());
        Usage usage = exchange.usage();
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("input", usage.inputTokens());
        kinds.put("output", usage.outputTokens());
        kinds.put("cache_read", usage.cacheReadTokens());
        kinds.put("cache_write", usage.cacheWriteTokens());
        kinds.put("reasoning", usage.reasoningTokens());
        json.put("usage", kinds);
      }
      List<Object> chunks = new ArrayList<>();
      for (Chunk chunk : exchange.chunks()) {
        Map<String, Object> chunkJson = new LinkedHashMap<>();
        chunkJson.put("event", chunk.event());
        chunkJson.put("output", chunk.output());
        chunkJson.put("offset_ms", chunk.offsetNanos() / 1e6);
        chunkJson.put("data", chunk.data());
        chunks.add(chunkJson);
      }
      json.put("chunks", chunks);
      list.add(json);
    }
    return list;
  }

  private static void send(HttpExchange http, int status, Map<String, String> headers, String json)
      throws IOException {
    byte[] bytes = json.getBytes(UTF_8);
    headers.forEach(http.getResponseHeaders()::set);
    http.getResponseHeaders().set("Content-Type", "application/json");
    http.sendResponseHeaders(status, bytes.length);
    http.getResponseBody().write(bytes);
  }

  /** A query string's parameters, decoded; a name given twice is an error. */
  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
        if (query.put(name, value) != null) {
          throw new IllegalArgumentException("query parameter '" + name + "' given twice");
        }
      }
    }
    return query;
  }

  private static void sleepUntil(long dueNanos) {
    for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
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
    System.out.println("LISTENING port=" + server.port() + " baseUrl=" + server.baseUrl()
        + " rootUrl=" + server.rootUrl());
    Thread.currentThread().join();
  }

  /** Scripted answers of one model: each request takes the next, the last one stays. */
  private static final class Answers {
    private final List<String> texts;
    private final AtomicInteger next = new AtomicInteger();

    Answers(List<String> texts) {
      this.texts = texts;
    }

    String next() {
      return texts.get(Math.min(next.getAndIncrement(), texts.size() - 1));
    }
  }
}
