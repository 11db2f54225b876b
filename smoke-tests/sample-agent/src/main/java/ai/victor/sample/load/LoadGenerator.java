package ai.victor.sample.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Sends chat requests to a running sample agent over HTTP, from a number of concurrent clients,
 * until a request count or a duration is used up.
 *
 * <p>The traffic resembles a real agent's: about 60 % of prompts repeat from a small pool, so that
 * the tool-selection caches hit, and the rest are new; most requests belong to one of a few
 * conversations (contexts), some start a new one and some have none; one in ten is a POST.
 * Prompts are drawn from a seeded random source, so runs are similar, though not identical, since
 * concurrent clients draw in no fixed order.
 */
public final class LoadGenerator {

  /**
   * The outcome of a run: every request either got a 200 ({@code ok}) or did not ({@code failed});
   * how long the run took and the requests' latency percentiles.
   */
  public record Result(int requests, int ok, int failed, Duration elapsed, Latencies latencies) {}

  private static final double REPEAT_RATE = 0.6;
  private static final double POST_RATE = 0.1;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> REPEATED_PROMPTS =
      List.of(
          "what is the weather in Paris",
          "calculate 17 + 25",
          "search the latest news about java",
          "run this python script",
          "who wrote the docs for the billing api",
          "what is the weather forecast in Tokyo",
          "calculate 1200 * 3",
          "find recent papers on retrieval",
          "execute the unit tests",
          "summarize our last meeting",
          "translate hello to french",
          "is it going to rain in London");

  private static final List<String> NEW_PROMPT_TEMPLATES =
      List.of(
          "calculate %d + %d",
          "search the news about topic %d number %d",
          "what is the weather in Berlin on day %d hour %d",
          "run python snippet %d with input %d",
          "summarize document %d section %d");

  private final URI baseUri;
  private final Random random;
  private final HttpClient client;
  private final AtomicInteger newPrompts = new AtomicInteger();

  /**
   * @param baseUri the agent's address, e.g. {@code http://127.0.0.1:8080}
   * @param seed the seed of the prompt choice
   */
  public LoadGenerator(URI baseUri, long seed) {
    this.baseUri = baseUri;
    this.random = new Random(seed);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();
  }

  /** Sends the given number of requests from {@code concurrency} clients, and waits for them. */
  public Result run(int requests, int concurrency) {
    AtomicInteger remaining = new AtomicInteger(requests);
    return run(concurrency, () -> remaining.getAndDecrement() > 0);
  }

  /** Sends requests from {@code concurrency} clients until the duration has passed. */
  public Result runFor(Duration duration, int concurrency) {
    long deadline = System.nanoTime() + duration.toNanos();
    return run(concurrency, () -> System.nanoTime() - deadline < 0);
  }

  private Result run(int concurrency, BooleanSupplier another) {
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
    }
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<long[]> perClient = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    Callable<Void> client =
        () -> {
          long[] latencies = new long[64];
          int count = 0;
          while (another.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long start = System.nanoTime();
            if (send()) {
              ok.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            if (count == latencies.length) {
              latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - start;
          }
          synchronized (perClient) {
            perClient.add(latencies);
            counts.add(count);
          }
          return null;
        };
    List<Callable<Void>> clients = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      clients.add(client);
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try {
      pool.invokeAll(clients);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long[] all;
    int total = 0;
    synchronized (perClient) {
      for (int count : counts) {
        total += count;
      }
      all = new long[total];
      int at = 0;
      for (int i = 0; i < perClient.size(); i++) {
        System.arraycopy(perClient.get(i), 0, all, at, counts.get(i));
        at += counts.get(i);
      }
    }
    return new Result(ok.get() + failed.get(), ok.get(), failed.get(), elapsed,
        Latencies.of(all, total));
  }

  /** Sends one request; returns whether it got a 200. */
  private boolean send() throws InterruptedException {
    String prompt = nextPrompt();
    String context = nextContext();
    String query = context == null ? "" : "?ctx=" + encode(context);
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(REQUEST_TIMEOUT);
    if (random.nextDouble() < POST_RATE) {
      request
          .uri(baseUri.resolve("/chat" + query))
          .POST(HttpRequest.BodyPublishers.ofString(prompt, StandardCharsets.UTF_8));
    } else {
      String separator = query.isEmpty() ? "?" : query + "&";
      request.uri(baseUri.resolve("/chat" + separator + "q=" + encode(prompt))).GET();
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private String nextPrompt() {
    if (random.nextDouble() < REPEAT_RATE) {
      return REPEATED_PROMPTS.get(random.nextInt(REPEATED_PROMPTS.size()));
    }
    String template = NEW_PROMPT_TEMPLATES.get(random.nextInt(NEW_PROMPT_TEMPLATES.size()));
    return String.format(template, newPrompts.incrementAndGet(), random.nextInt(1000));
  }

  /** 70 % one of six ongoing conversations, 20 % a new one, 10 % none. */
  private String nextContext() {
    double roll = random.nextDouble();
    if (roll < 0.7) {
      return "session-" + random.nextInt(6);
    }
    return roll < 0.9 ? "session-new-" + newPrompts.incrementAndGet() : null;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
