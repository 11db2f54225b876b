package ai.victor.otel.smoke.pipeline;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chat requests to one sample replica from a few client threads, each pausing between requests, so that a fleet's
 * load is steady, modest and switched on and off by the test (the sample's own load generator runs flat out and
 * gives up on a request after 10 s, which a test of 20 s requests cannot use). Prompts repeat from a small pool
 * (selection-cache hits) or are new (misses). Threads stop at {@link #stop()}; a request in flight finishes.
 */
final class Traffic {

  private static final List<String> PROMPTS = List.of("what is the weather in Paris", "calculate 17 + 25",
      "search the latest news about java", "run this python script", "what is the weather forecast in Tokyo",
      "calculate 1200 * 3", "find recent papers on retrieval", "summarize our last meeting");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  private Traffic() {}

  /**
   * Starts {@code clients} threads sending to {@code baseUrl}/chat, each waiting {@code pause} after a response.
   */
  static Traffic start(String name, String baseUrl, int clients, Duration pause) {
    Traffic traffic = new Traffic();
    for (int i = 0; i < clients; i++) {
      Random random = new Random(31L * name.hashCode() + i);
      Thread thread = new Thread(() -> traffic.loop(baseUrl, random, pause), "traffic-" + name + "-" + i);
      thread.setDaemon(true);
      traffic.threads.add(thread);
      thread.start();
    }
    return traffic;
  }

  private void loop(String baseUrl, Random random, Duration pause) {
    while (running.get()) {
      String prompt = random.nextDouble() < 0.6 ? PROMPTS.get(random.nextInt(PROMPTS.size()))
          : "calculate " + random.nextInt(1000) + " + " + random.nextInt(1000);
      String url = baseUrl + "/chat?q=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8) + "&ctx=c"
          + random.nextInt(4);
      try {
        CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException e) {
        // a killed replica refuses connections: keep pacing until stopped
      } catch (InterruptedException e) {
        return;
      }
      PipelineStack.sleep(pause);
    }
  }

  /** Stops sending; requests in flight finish in their threads. */
  void stop() {
    running.set(false);
  }
}
