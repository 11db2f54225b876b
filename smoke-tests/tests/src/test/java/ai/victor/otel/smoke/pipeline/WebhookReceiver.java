package ai.victor.otel.smoke.pipeline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A loopback HTTP server standing in for the pager, e-mail and Slack integrations: the test copy of alertmanager.yml
 * gives each receiver a webhook to {@code /<receiver name>}, so what arrives here shows which receiver Alertmanager
 * routed each alert to. Alertmanager itself is real.
 */
final class WebhookReceiver implements AutoCloseable {

  /**
   * One alert of one notification, with the receiver path it was posted to and the notification's number (each POST
   * is one notification, which may carry several alerts of one group).
   */
  record Delivery(String receiver, int notification, Map<String, String> labels, Map<String, String> annotations) {
    String alertname() {
      return labels.get("alertname");
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new ArrayList<>(); // guarded by this
  private int notifications; // guarded by this

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/", exchange -> {
        try (exchange) {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          receiver.record(exchange.getRequestURI().getPath().substring(1), body);
          exchange.sendResponseHeaders(200, -1);
        }
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String receiver) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + receiver;
  }

  synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Waits until the deliveries so far satisfy {@code condition}; fails with what arrived otherwise. */
  synchronized List<Delivery> await(Predicate<List<Delivery>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(deliveries)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Alertmanager did not deliver the expected notifications within " + timeout
            + "; delivered: " + deliveries);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(deliveries);
  }

  @SuppressWarnings("unchecked")
  private synchronized void record(String receiver, String body) {
    int notification = ++notifications;
    for (Map<String, Object> alert : Assets.list(Assets.map(Assets.yaml(body)).get("alerts"))) {
      deliveries.add(new Delivery(receiver, notification, (Map<String, String>) alert.get("labels"),
          (Map<String, String>) alert.get("annotations")));
    }
    notifyAll();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
