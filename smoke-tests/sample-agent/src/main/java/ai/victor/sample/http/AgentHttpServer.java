package ai.victor.sample.http;

import ai.victor.sample.AgentService;
import ai.victor.sample.ChatResult;
import ai.victor.sample.ChatResult.ToolOutcome;
import ai.victor.sample.ToolLoopException;
import ai.victor.sample.faults.FaultKnobs;
import ai.victor.sample.load.Latencies;
import ai.victor.sample.load.LoadGenerator;
import ai.victor.sample.load.MicroWorkload;
import ai.victor.sample.load.ThreadAllocations;
import ai.victor.sample.provider.ProviderException;
import ai.victor.sample.stress.Stress;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API of the sample agent, on the loopback interface only.
 *
 * <ul>
 *   <li>{@code GET /chat?q=PROMPT&ctx=CONTEXT}, or {@code POST /chat?ctx=CONTEXT} with the prompt
 *       as body: 200 with the answer as JSON, including how each tool call ended; 502 if every
 *       provider failed; 508 if the model looped on a tool; 400 without a prompt.
 *   <li>{@code GET /healthz}: 200 {@code ok}.
 *   <li>{@code GET|POST /admin/faults?KNOB=VALUE&...} (or a form body): sets {@link FaultKnobs}
 *       and answers with all of them as JSON; 400, and nothing set, if any is invalid.
 *   <li>{@code GET /admin/load?requests=N&concurrency=C} (or {@code seconds=S} instead of
 *       requests): runs the {@link LoadGenerator} against this server and answers with its counts,
 *       duration, latency percentiles and the bytes the serving threads allocated, once it is done.
 *   <li>{@code GET /admin/hammer?threads=T&calls=N}, {@code GET /admin/attack?names=N}, {@code
 *       GET /admin/jvm}: the {@link Stress} workloads and JVM figures for the reliability tests.
 *   <li>{@code GET /admin/microload?requests=N&concurrency=C}: runs the {@link MicroWorkload}
 *       (cache lookups and a short tool call, no HTTP) and answers likewise.
 *   <li>{@code GET /admin/runtime[?gc=true]}: startup time, process CPU time, loaded classes,
 *       threads, heap (after a full GC when asked) and metaspace, for the overhead measurement.
 * </ul>
 *
 * <p>Requests are served by a fixed pool of {@value #THREADS} threads, as a servlet container
 * would, so concurrency is bounded and excess requests queue.
 */
public final class AgentHttpServer {

  private static final int THREADS = 8;
  /**
   * The JDK server writes a response's headers and body separately, so without TCP_NODELAY Nagle's
   * algorithm meets the client's delayed ACK and adds about 40 ms to every keep-alive request.
   */
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final int MAX_LOAD_REQUESTS = 100_000;
  private static final int MAX_LOAD_CONCURRENCY = 64;
  private static final int MAX_LOAD_SECONDS = 3600;
  private static final int MAX_HAMMER_CALLS = 1_000_000;
  private static final int MAX_ATTACK_NAMES = 100_000;

  /** Handles a request whose path and method were already checked. */
  private interface Handler {
    Response handle(HttpExchange exchange) throws IOException;
  }

  private record Response(int status, String contentType, String body) {

    static Response json(int status, Object body) {
      return new Response(status, "application/json", Json.write(body));
    }

    static Response error(int status, String message) {
      return json(status, Map.of("error", message));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AgentService agent;
  private final FaultKnobs knobs;
  private final long loadSeed;
  private final Stress stress;
  /** When the server started serving: the end of the app's startup. */
  private final long startedNanos = System.nanoTime();
  private MicroWorkload microWorkload; // created on first use; guarded by this

  private AgentHttpServer(
      HttpServer server, AgentService agent, FaultKnobs knobs, long loadSeed, Stress stress) {
    this.server = server;
    this.agent = agent;
    this.knobs = knobs;
    this.loadSeed = loadSeed;
    this.stress = stress;
    this.executor = Boolean.getBoolean("sample.virtual-threads")
        ? virtualThreadPerTask() : Executors.newFixedThreadPool(THREADS, namedThreads());
    server.setExecutor(executor);
    route("/chat", Set.of("GET", "POST"), this::chat);
    route("/healthz", Set.of("GET"), exchange -> new Response(200, "text/plain", "ok"));
    route("/admin/faults", Set.of("GET", "POST"), this::faults);
    route("/admin/load", Set.of("GET"), this::load);
    route("/admin/hammer", Set.of("GET"), this::hammer);
    route("/admin/attack", Set.of("GET"), this::attack);
    route("/admin/jvm", Set.of("GET"), exchange -> Response.json(200, Stress.jvm()));
    route("/admin/microload", Set.of("GET"), this::microload);
    route("/admin/runtime", Set.of("GET"), this::runtime);
  }

  /**
   * Binds to the port on the loopback interface and starts serving.
   *
   * @param port the port, or 0 for an ephemeral one (see {@link #port()})
   * @param loadSeed the seed for {@code /admin/load}'s prompts
   * @param stress the workloads of {@code /admin/hammer} and {@code /admin/attack}
   * @throws IOException if the port cannot be bound
   */
  public static AgentHttpServer start(
      int port, AgentService agent, FaultKnobs knobs, long loadSeed, Stress stress)
      throws IOException {
    // Read once, when the JDK server is first used; an explicit setting wins.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AgentHttpServer agentServer = new AgentHttpServer(server, agent, knobs, loadSeed, stress);
    server.start();
    return agentServer;
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns the base address of the server, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  /**
   * Stops at once, cutting off exchanges in progress: on Java 17 a grace period would delay every
   * stop by its full length, even with nothing in progress.
   */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
    synchronized (this) {
      if (microWorkload != null) {
        microWorkload.close();
      }
    }
  }

  private Response chat(HttpExchange exchange) throws IOException {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    String prompt =
        exchange.getRequestMethod().equals("POST") ? body(exchange) : params.get("q");
    if (prompt == null || prompt.isBlank()) {
      return Response.error(400, "no prompt: pass q=... or POST a body");
    }
    ChatResult result;
    try {
      result = agent.chat(prompt, params.get("ctx"));
    } catch (ProviderException e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "all providers failed");
      body.put("provider", e.provider());
      body.put("status", e.statusCode());
      body.put("message", e.getMessage());
      return Response.json(502, body);
    } catch (ToolLoopException e) {
      // 508 Loop Detected: the model, not a provider or tool, failed this chat.
      return Response.json(508, Map.of("error", "tool loop", "message", e.getMessage()));
    }
    List<Map<String, Object>> toolResults =
        result.toolOutcomes().stream().map(AgentHttpServer::toJson).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", result.requestId());
    body.put("provider", result.completion().provider());
    body.put("model", result.completion().model());
    body.put("tools", result.selection().tools());
    body.put("cacheType", result.selection().cacheType());
    body.put("answer", result.completion().text());
    body.put("toolResults", toolResults);
    body.put("inputTokens", result.completion().inputTokens());
    body.put("outputTokens", result.completion().outputTokens());
    return Response.json(200, body);
  }

  private static Map<String, Object> toJson(ToolOutcome outcome) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tool", outcome.tool());
    json.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
    json.put("output", outcome.output());
    return json;
  }

  private Response faults(HttpExchange exchange) throws IOException {
    Map<String, String> values = params(exchange.getRequestURI().getRawQuery());
    if (exchange.getRequestMethod().equals("POST")) {
      values.putAll(params(body(exchange)));
    }
    knobs.set(values);
    return Response.json(200, knobs.snapshot());
  }

  private Response load(HttpExchange exchange) {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    int requests = intParam(params, "requests", 100, MAX_LOAD_REQUESTS);
    int concurrency = intParam(params, "concurrency", 4, MAX_LOAD_CONCURRENCY);
    Map<Long, Long> allocation = ThreadAllocations.snapshot();
    LoadGenerator generator = new LoadGenerator(uri(), loadSeed);
    LoadGenerator.Result result = params.containsKey("seconds")
        ? generator.runFor(
            Duration.ofSeconds(intParam(params, "seconds", 1, MAX_LOAD_SECONDS)), concurrency)
        : generator.run(requests, concurrency);
    long allocated = ThreadAllocations.since(allocation);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", result.requests());
    body.put("ok", result.ok());
    body.put("failed", result.failed());
    putTimes(body, result.requests(), result.elapsed(), result.latencies());
    // Client threads end with the run and are not counted: this is the serving side's allocation.
    body.put("allocatedBytes", allocated);
    return Response.json(200, body);
  }

  private Response microload(HttpExchange exchange) {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    int requests = intParam(params, "requests", 1000, MAX_LOAD_REQUESTS);
    int concurrency = intParam(params, "concurrency", 1, MicroWorkload.MAX_CONCURRENCY);
    MicroWorkload.Result result;
    synchronized (this) {
      if (microWorkload == null) {
        microWorkload = new MicroWorkload();
      }
      try {
        result = microWorkload.run(requests, concurrency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Response.error(500, "interrupted");
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", result.requests());
    putTimes(body, result.requests(), result.elapsed(), result.latencies());
    body.put("allocatedBytes", result.allocatedBytes());
    return Response.json(200, body);
  }

  private static void putTimes(Map<String, Object> body, int requests, Duration elapsed,
      Latencies latencies) {
    double seconds = elapsed.toNanos() / 1e9;
    body.put("elapsedMs", elapsed.toMillis());
    body.put("throughput", seconds == 0 ? 0 : Math.round(requests / seconds * 10) / 10.0);
    body.put("p50Us", latencies.p50Micros());
    body.put("p95Us", latencies.p95Micros());
    body.put("p99Us", latencies.p99Micros());
  }

  private Response runtime(HttpExchange exchange) {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    if ("true".equals(params.get("gc"))) {
      // Twice: the first full GC may leave objects that only a finalizer or cleaner releases.
      System.gc();
      System.gc();
    }
    long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
    long sinceStartedMs = (System.nanoTime() - startedNanos) / 1_000_000;
    long metaspace = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        metaspace = pool.getUsage().getUsed();
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("startupMs", uptimeMs - sinceStartedMs);
    body.put("uptimeMs", uptimeMs);
    // CPU time of all the process's threads so far: unlike startupMs, barely affected by other
    // processes competing for the CPU, so startup costs can be compared on a busy machine too.
    body.put("processCpuMs", ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
    body.put("loadedClasses", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    body.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    body.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    body.put("metaspaceUsedBytes", metaspace);
    return Response.json(200, body);
  }

  private Response hammer(HttpExchange exchange) {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    int threads = intParam(params, "threads", 8, MAX_LOAD_CONCURRENCY);
    int calls = intParam(params, "calls", 1000, MAX_HAMMER_CALLS);
    return Response.json(200, stress.hammer(threads, calls));
  }

  private Response attack(HttpExchange exchange) {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    return Response.json(200, stress.attack(intParam(params, "names", 10_000, MAX_ATTACK_NAMES)));
  }

  /**
   * Serves the path with the handler, answering 404 for longer paths (which the server would
   * otherwise route here too), 405 for other methods, 400 for an {@link
   * IllegalArgumentException} and 500 for any other failure.
   */
  private void route(String path, Set<String> methods, Handler handler) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            Response response;
            if (!exchange.getRequestURI().getPath().equals(path)) {
              response = Response.error(404, "not found");
            } else if (!methods.contains(exchange.getRequestMethod())) {
              exchange.getResponseHeaders().set("Allow", String.join(", ", methods));
              response = Response.error(405, "method not allowed");
            } else {
              response = handle(handler, exchange);
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType() + "; charset=utf-8");
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
  }

  private static Response handle(Handler handler, HttpExchange exchange) throws IOException {
    try {
      return handler.handle(exchange);
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    } catch (RuntimeException e) {
      return Response.error(500, e.toString());
    }
  }

  private static int intParam(Map<String, String> params, String name, int defaultValue, int max) {
    String value = params.get(name);
    if (value == null) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not an integer: " + value, e);
    }
    if (parsed < 1 || parsed > max) {
      throw new IllegalArgumentException(name + " must be within [1, " + max + "]: " + parsed);
    }
    return parsed;
  }

  /** Decodes {@code a=1&b=2}, as in a query string or a form body; the last of repeated names wins. */
  private static Map<String, String> params(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params.put(decode(name), decode(value));
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * With {@code -Dsample.virtual-threads=true} (JDK 21+): every request on a virtual thread of its
   * own, as a server with a virtual-thread-per-task executor runs them. Looked up reflectively,
   * since the sample compiles for Java 17.
   */
  private static ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("sample.virtual-threads needs JDK 21 or newer", e);
    }
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> new Thread(runnable, "http-" + count.incrementAndGet());
  }
}
