package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.recording.Telemetry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the endpoint, on the JDK's own server (module jdk.httpserver): no framework,
 * nothing shaded. Only this class touches {@code com.sun.net.httpserver}, so a runtime without
 * the module fails when this class loads, which {@link Endpoint} checks first.
 *
 * <p>It must never disturb the host: every thread is a daemon (the JDK's dispatcher thread takes
 * the daemon flag of the thread that starts the server, so that is a daemon too), the worker pool
 * and its queue are bounded, a request that finds both full is answered 503 at once on the
 * dispatcher, and nothing a request does throws beyond the handler.
 */
final class EndpointServer {
  static final int MAX_URI_LENGTH = 2048;
  private static final int QUEUE = 32;

  /** The pool's threads; a request on any other thread was rejected by the pool. */
  private static final class PoolThread extends Thread {
    PoolThread(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final Routes routes;
  private final byte[] token;
  private final Set<String> openPaths;

  private EndpointServer(HttpServer server, ThreadPoolExecutor pool, Routes routes,
      String token, Set<String> openPaths) {
    this.server = server;
    this.pool = pool;
    this.routes = routes;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.openPaths = openPaths;
  }

  /** Binds and starts serving; throws when the address cannot be bound. */
  static EndpointServer start(EndpointSettings settings, Routes routes)
      throws IOException, InterruptedException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(settings.host(), settings.port()), 16);
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.threads(), settings.threads(),
        30, TimeUnit.SECONDS, new ArrayBlockingQueue<Runnable>(QUEUE),
        task -> new PoolThread(task, "victor-otel-endpoint-" + threadNumber.incrementAndGet()),
        // The rejected exchange runs on the dispatcher; the handler answers it 503 at once.
        (task, executor) -> task.run());
    pool.allowCoreThreadTimeOut(true);
    EndpointServer endpoint = new EndpointServer(server, pool, routes, settings.token(),
        settings.openPaths());
    server.createContext("/", endpoint::handle);
    server.setExecutor(pool);
    Thread starter = new Thread(server::start, "victor-otel-endpoint-start");
    starter.setDaemon(true);
    starter.start();
    starter.join();
    return endpoint;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      Routes.Response response;
      try {
        response = Thread.currentThread() instanceof PoolThread
            ? respond(exchange)
            : Routes.Response.error(503, "busy: too many concurrent requests, retry later");
      } catch (RuntimeException | LinkageError e) {
        // Counted in victor_otel_failures_total{role="endpoint"} and logged once.
        Telemetry.get().failures().record("endpoint", e);
        response = Routes.Response.error(500, "internal error: " + e.getClass().getName());
      }
      send(exchange, response);
    } catch (IOException | RuntimeException | LinkageError e) {
      // The client went away or the response failed half way; nothing to tell anyone.
    } finally {
      exchange.close();
    }
  }

  private Routes.Response respond(HttpExchange exchange) {
    URI uri = exchange.getRequestURI();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rawQuery = uri.getRawQuery();
    if (rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1) > MAX_URI_LENGTH) {
      return Routes.Response.error(414, "request URI longer than " + MAX_URI_LENGTH
          + " characters");
    }
    if (!Routes.PATHS.contains(rawPath)) {
      return Routes.Response.error(404, "no such endpoint: " + rawPath + "; see docs/endpoints.md");
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      return Routes.Response.error(405, "method " + exchange.getRequestMethod()
          + " not allowed: use GET").withHeader("Allow", "GET");
    }
    String problem = Query.problem(rawQuery);
    if (problem != null) {
      return Routes.Response.error(400, problem);
    }
    if (token != null && !openPaths.contains(rawPath)
        && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return Routes.Response.error(401, "missing or wrong bearer token")
          .withHeader("WWW-Authenticate", "Bearer realm=\"victor-otel\"");
    }
    return routes.handle(rawPath);
  }

  /** Constant-time comparison, so the response time does not tell how much of a guess matched. */
  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
  }

  private static void send(HttpExchange exchange, Routes.Response response) throws IOException {
    byte[] body = response.body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (response.headerName != null) {
      exchange.getResponseHeaders().set(response.headerName, response.headerValue);
    }
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // A HEAD answer has no body; the JDK logs a warning if given a length for one.
      exchange.sendResponseHeaders(response.status, -1);
      return;
    }
    exchange.sendResponseHeaders(response.status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
