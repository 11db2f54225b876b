package ai.victor.otel.smoke.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Planted secrets (an API key and a password in the prompt, which the sample also passes to its
 * tools as arguments, and a bearer token in the Authorization header) must appear nowhere in what
 * the agent exports, unless message-content capture is switched on. Every export is scanned whole
 * (its protobuf text form: resource, scopes, span names, attributes, events, links, status
 * messages, metric point attributes, exemplars), so nothing depends on knowing where a leak would
 * be. As a control, a marker sent in the query string, which the agent's own HTTP server span
 * records as {@code url.query}, must be found by the same scan. (That capture switched on does
 * export prompts and tool arguments is tested at the advice and unit level.)
 *
 * <p>The first run also checks the process's listening sockets: the extension opens none of its
 * own by default, so the app's own loopback server is the only one.
 */
class PrivacySmokeTest {
  private static final String TEST = "PrivacySmokeTest";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String API_KEY = "sk-live-PLANTED7f3a9c0e5b1d";
  private static final String PASSWORD = "PLANTED-PASSWORD-hunter2";
  private static final String BEARER = "PLANTED-BEARER-TOKEN-0xC0FFEE";
  private static final List<String> SECRETS = List.of(API_KEY, PASSWORD, BEARER);
  private static final String MARKER = "PLANTED-MARKER-in-the-query";
  private static final List<String> PROMPTS = List.of(
      "search the news about java with api_key=" + API_KEY,
      "calculate 17 + 25 password=" + PASSWORD + " key " + API_KEY,
      "what is the weather in Paris, my key is " + API_KEY,
      "run this python script print('" + PASSWORD + "')");
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void noSecretIsExportedByDefaultAndNoSocketIsOpened() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("privacy-default", receiver).start()) {
      int port = app.awaitPort(Duration.ofSeconds(120));
      String exported = plantAndCollect(receiver, port);

      assertThat(exported).as("the scan sees span attributes of the planted requests")
          .contains(MARKER);
      for (String secret : SECRETS) {
        assertThat(exported).as("exports containing the planted " + secret).doesNotContain(secret);
      }
      Figures.print(TEST, "exported bytes scanned", exported.length());

      List<String> listening = listeningSockets(app.handle().pid());
      Figures.print(TEST, "listening sockets of the app under agent + extension", listening);
      assertThat(listening).as("listening sockets (address:port)")
          .containsExactly("127.0.0.1:" + port);
    }
  }

  /** Sends the planted requests, waits for their spans and counts, returns every export as text. */
  private static String plantAndCollect(OtlpReceiver receiver, int port) throws Exception {
    for (int i = 0; i < 3 * PROMPTS.size(); i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat?ctx=" + MARKER))
          .timeout(Duration.ofSeconds(15))
          .header("Authorization", "Bearer " + BEARER)
          .POST(HttpRequest.BodyPublishers.ofString(PROMPTS.get(i % PROMPTS.size())))
          .build();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
    receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> s.getName().startsWith("execute_tool"))
        && spans.stream().anyMatch(s -> s.getName().startsWith("chat ")), WAIT);
    receiver.awaitMetrics(view -> Figures.count(view, "victor.tool_selection.latency_ms",
        java.util.Map.of()) >= 3 * PROMPTS.size(), WAIT);
    StringBuilder text = new StringBuilder();
    Stream.of(receiver.metricRequests(), receiver.traceRequests(), receiver.logRequests())
        .flatMap(List::stream)
        .map(Message::toString)
        .forEach(text::append);
    return text.toString();
  }

  /**
   * The listening TCP sockets the process owns, as {@code address:port}: its socket inodes (from
   * {@code /proc/<pid>/fd}) matched with the LISTEN entries of {@code /proc/<pid>/net/tcp} and
   * {@code tcp6}.
   */
  private static List<String> listeningSockets(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // an fd closed between listing and reading it is no listening socket
        }
      }
    }
    List<String> listening = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        // fields: sl local_address rem_address st ... inode (index 9); st 0A is LISTEN
        if (fields[3].equals("0A") && inodes.contains(fields[9])) {
          listening.add(address(fields[1]));
        }
      }
    }
    return listening;
  }

  /** {@code 0100007F:1F90} to {@code 127.0.0.1:8080}; IPv6 loopback and IPv4-mapped too. */
  private static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String host = parts[0];
    if (host.length() == 32 && host.startsWith("0000000000000000FFFF0000")) {
      host = host.substring(24); // IPv4-mapped: the last word is the IPv4 address
    }
    if (host.length() == 8) {
      long ip = Long.parseLong(host, 16); // little-endian
      return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "."
          + ((ip >> 24) & 0xff) + ":" + port;
    }
    return (host.equals("00000000000000000000000001000000") ? "[::1]"
        : host.equals("00000000000000000000000000000000") ? "[::]" : "[" + host + "]") + ":" + port;
  }

  static {
    // Reading another process's fd table needs the same user; the forked app is ours.
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      throw new UncheckedIOException(new IOException("this test reads /proc; it runs on Linux"));
    }
  }
}
