package ai.victor.otel.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider SDK module's cost per call, paired in one JVM (run under the agent with the
 * extension), as {@link McpPairedProbe} measures the MCP module: two copies of the application
 * ({@link SdkProbe}'s runner for one SDK, with its OkHttp client) in two class loaders, each
 * instrumented by the agent; in the second the module's breaker is opened after warm-up, so its
 * advice (the service method's and the HTTP attempt's) returns at once, as on a JVM with the agent
 * alone. Each call is a real blocking call of the SDK through its own OkHttp client to a loopback
 * server ({@link LoopbackProvider}) that answers at once with a canned answer and the provider's
 * rate-limit headers, so the SDK's request building, HTTP exchange and JSON parsing and the
 * module's attempt advice all run. Chunks of calls alternate between the copies; CPU time and
 * bytes are the calling thread's ({@code ThreadMXBean}), summed per side and also kept per chunk,
 * whose median differences are printed beside the totals.
 *
 * <p>Arguments: the SDK ({@code openai} chat completions, {@code openai-responses} or {@code
 * anthropic} messages), chunks (default 200), calls per chunk (default 200), and the transport:
 * {@code loopback} (default; the loopback server above) or {@code memory} (no socket at all: the
 * SDK's OkHttp client with sockets that answer on the calling thread, {@link SdkProbe}; OkHttp's
 * connection pool, interceptors and HTTP/1.1 codec, the agent's OkHttp span and the module's
 * attempt advice all still run). {@code -Dvictor.bench.aa=true} opens the breaker in both copies
 * (an A/A run): what it prints as added is the two copies' own difference, the noise floor;
 * {@code -Dvictor.bench.off-first=true} makes the module's copy the second one built. With
 * {@code -Dvictor.bench.toggle=true} there is one copy only, whose module's breaker is closed for
 * the module's chunks and opened for the others: the two sides then run the same classes and the
 * same compiled code (with the module's advice in it), and differ by the module's work alone. Prints {@code SDK-PAIRED sdk=... calls=N on-cpu-ns=X off-cpu-ns=Y
 * added-cpu-ns=Z median-added-cpu-ns=M on-bytes=... off-bytes=... added-bytes=B}.
 */
public final class SdkPairedProbe {
  private SdkPairedProbe() {}

  public static void main(String[] args) throws Exception {
    String sdk = args.length > 0 ? args[0] : "openai";
    int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    boolean memory = args.length > 3 && args[3].equals("memory");
    // A/A: the module off in both copies, so the difference is the copies' own drift.
    boolean aa = Boolean.getBoolean("victor.bench.aa");
    boolean toggle = Boolean.getBoolean("victor.bench.toggle");
    boolean offFirst = Boolean.getBoolean("victor.bench.off-first");
    int warmup = Integer.getInteger("victor.bench.warmup-chunks", 50);
    try (LoopbackProvider server = new LoopbackProvider()) {
      String baseUrl = memory ? SdkProbe.MEMORY : server.baseUrl(sdk);
      URL[] path = applicationPath();
      Runnable on;
      Runnable off;
      if (toggle) {
        // One copy, its module switched on and off between chunks: the same classes and the
        // same compiled code on both sides, which differ by the module's work alone.
        URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
        Runnable runner = runner(loader, sdk, baseUrl, chunk);
        for (int i = 0; i < 2 * warmup; i++) {
          runner.run();
        }
        AtomicBoolean open = breaker(loader, sdk);
        on = PairedCopies.toggled(runner, open, aa);
        off = PairedCopies.toggled(runner, open, true);
        for (int i = 0; i < warmup; i++) {
          on.run();
          off.run();
        }
      } else {
        // Which copy is made (and so loaded, instrumented and compiled) first: the module's
        // (default) or, with -Dvictor.bench.off-first=true, the other one.
        URLClassLoader first = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
        Runnable firstRunner = runner(first, sdk, baseUrl, chunk);
        URLClassLoader second = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
        Runnable secondRunner = runner(second, sdk, baseUrl, chunk);
        URLClassLoader onLoader = offFirst ? second : first;
        URLClassLoader offLoader = offFirst ? first : second;
        on = offFirst ? secondRunner : firstRunner;
        off = offFirst ? firstRunner : secondRunner;
        for (int i = 0; i < warmup; i++) { // warm-up, and the helpers injected into both loaders
          on.run();
          off.run();
        }
        breaker(offLoader, sdk).set(true);
        if (aa) {
          breaker(onLoader, sdk).set(true);
        }
        for (int i = 0; i < warmup; i++) {
          on.run();
          off.run();
        }
      }
      jdk.jfr.Recording profile = profile();
      PairedCopies.Result result = PairedCopies.measure(on, off, chunks);
      if (profile != null) {
        profile.stop();
        profile.dump(Paths.get(System.getProperty("victor.bench.jfr")));
      }
      double calls = (double) chunks * chunk;
      System.out.printf("SDK-PAIRED sdk=%s transport=%s%s%s calls=%d on-cpu-ns=%.0f off-cpu-ns=%.0f"
              + " added-cpu-ns=%.0f median-added-cpu-ns=%.0f on-bytes=%.0f off-bytes=%.0f"
              + " added-bytes=%.0f median-added-bytes=%.0f answered=%d%n", sdk,
          memory ? "memory" : "loopback", aa ? " A/A" : "",
          toggle ? " toggled" : offFirst ? " off-first" : "",
          (long) calls,
          result.cpu[0] / calls, result.cpu[1] / calls, (result.cpu[0] - result.cpu[1]) / calls,
          PairedCopies.Result.median(result.addedCpu) / (double) chunk, result.bytes[0] / calls,
          result.bytes[1] / calls, (result.bytes[0] - result.bytes[1]) / calls,
          PairedCopies.Result.median(result.addedBytes) / (double) chunk, server.answered());
    }
  }

  /**
   * A copy's class path: the SDKs and their libraries as the sample app ships them ({@code
   * victor.bench.sdk-lib}, by default smoke-tests/sample-sdks/target/lib beside this jar's
   * module), first, so that their Jackson is the one the SDKs accept rather than the newer one in
   * this jar; then this jar, for {@link SdkProbe}.
   */
  private static URL[] applicationPath() throws Exception {
    URL jar = SdkPairedProbe.class.getProtectionDomain().getCodeSource().getLocation();
    Path here = Paths.get(jar.toURI());
    Path lib = Paths.get(System.getProperty("victor.bench.sdk-lib", here.getParent()
        .resolve("../../smoke-tests/sample-sdks/target/lib").normalize().toString()));
    List<URL> urls = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
      for (Path file : jars) {
        urls.add(file.toUri().toURL());
      }
    } catch (IOException e) {
      throw new IllegalStateException(lib + ": build smoke-tests/sample-sdks first (mvn -B"
          + " package -pl smoke-tests/sample-sdks -am -DskipTests)", e);
    }
    urls.sort(java.util.Comparator.comparing(URL::toString));
    urls.add(jar);
    return urls.toArray(new URL[0]);
  }

  /**
   * With {@code -Dvictor.bench.jfr=file}, a JFR recording of the measured chunks only (the
   * {@code profile} settings, execution samples every millisecond), dumped to that file: which
   * share of the calls' samples and allocations falls in the module's frames.
   */
  private static jdk.jfr.Recording profile() throws Exception {
    if (System.getProperty("victor.bench.jfr") == null) {
      return null;
    }
    jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration(
        "profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
    recording.start();
    return recording;
  }

  /** The runner of one copy. */
  private static Runnable runner(ClassLoader loader, String sdk, String baseUrl, int chunk)
      throws Exception {
    return PairedCopies.copy(loader, () -> loader.loadClass(SdkProbe.class.getName())
        .getMethod("runner", String.class, String.class).invoke(null, sdk, baseUrl), chunk);
  }

  /**
   * The breaker of the SDK's module in this loader: set, the module is off, as after its first
   * LinkageError.
   */
  static AtomicBoolean breaker(ClassLoader loader, String sdk) throws Exception {
    String guardName = sdk.equals("anthropic")
        ? "ai.victor.otel.instrumentation.sdk.anthropic.AnthropicGuard"
        : "ai.victor.otel.instrumentation.sdk.openai.OpenAiGuard";
    Class<?> guard = Class.forName(guardName, false, loader);
    Field guardField = guard.getDeclaredField("GUARD");
    guardField.setAccessible(true);
    Object instance = guardField.get(null);
    Field breakerField = guard.getSuperclass().getSuperclass().getDeclaredField("breaker");
    breakerField.setAccessible(true);
    Object breaker = breakerField.get(instance);
    Field open = breaker.getClass().getDeclaredField("open");
    open.setAccessible(true);
    return (AtomicBoolean) open.get(breaker);
  }

  /**
   * A loopback HTTP/1.1 server that answers every request at once, on a kept-alive connection, with
   * a canned chat completion ({@code /v1/chat/completions}) or Anthropic message ({@code
   * /v1/messages}) and the provider's four rate-limit headers. A thread per connection; the
   * request's body is read and dropped.
   */
  static final class LoopbackProvider implements AutoCloseable {
    static final byte[] OPENAI = response("{\"id\":\"chatcmpl-1\",\"object\":"
        + "\"chat.completion\",\"created\":1,\"model\":\"gpt-probe\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Echo: hi\",\"refusal\":null},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
        + "\"completion_tokens\":5,\"total_tokens\":8,\"prompt_tokens_details\":"
        + "{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
        "x-ratelimit-limit-requests: 500\r\nx-ratelimit-remaining-requests: 499\r\n"
            + "x-ratelimit-limit-tokens: 30000\r\nx-ratelimit-remaining-tokens: 29990\r\n");
    static final byte[] RESPONSES = response("{\"id\":\"resp_1\",\"object\":\"response\","
        + "\"created_at\":1,\"status\":\"completed\",\"error\":null,"
        + "\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
        + "\"model\":\"gpt-probe\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":"
        + "\"output_text\",\"text\":\"Echo: hi\",\"annotations\":[]}]}],"
        + "\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{},"
        + "\"store\":false,\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},"
        + "\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\","
        + "\"usage\":{\"input_tokens\":3,\"input_tokens_details\":{\"cached_tokens\":0},"
        + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":0},"
        + "\"total_tokens\":8},\"user\":null,\"metadata\":{}}",
        "x-ratelimit-limit-requests: 500\r\nx-ratelimit-remaining-requests: 499\r\n"
            + "x-ratelimit-limit-tokens: 30000\r\nx-ratelimit-remaining-tokens: 29990\r\n");
    static final byte[] ANTHROPIC = response("{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-probe\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Echo: hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":5,\"cache_read_input_tokens\":0,"
        + "\"cache_creation_input_tokens\":0}}",
        "anthropic-ratelimit-requests-limit: 500\r\nanthropic-ratelimit-requests-remaining: 499\r\n"
            + "anthropic-ratelimit-tokens-limit: 30000\r\n"
            + "anthropic-ratelimit-tokens-remaining: 29990\r\n");

    private final ServerSocket socket;
    private final AtomicLong answered = new AtomicLong();

    LoopbackProvider() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "loopback-provider");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String baseUrl(String sdk) {
      String base = "http://127.0.0.1:" + socket.getLocalPort();
      return sdk.equals("anthropic") ? base : base + "/v1";
    }

    long answered() {
      return answered.get();
    }

    private static byte[] response(String body, String headers) {
      byte[] json = body.getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
          + json.length + "\r\n" + headers + "\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(headBytes, headBytes.length + json.length);
      System.arraycopy(json, 0, all, headBytes.length, json.length);
      return all;
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connection.setTcpNoDelay(true);
          Thread worker = new Thread(() -> serve(connection), "loopback-provider-connection");
          worker.setDaemon(true);
          worker.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (Socket s = connection) {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        StringBuilder line = new StringBuilder();
        while (true) {
          String path = null;
          long length = 0;
          // The request line and headers, up to the empty line.
          while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
              if (c < 0) {
                return;
              }
              if (c != '\r') {
                line.append((char) c);
              }
            }
            if (line.length() == 0) {
              break;
            }
            String text = line.toString();
            if (path == null) {
              path = text;
            } else if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
              length = Long.parseLong(text.substring(15).trim());
            }
          }
          for (long skipped = 0; skipped < length; skipped++) {
            if (in.read() < 0) {
              return;
            }
          }
          out.write(path != null && path.contains("/messages") ? ANTHROPIC
              : path != null && path.contains("/responses") ? RESPONSES : OPENAI);
          out.flush();
          answered.incrementAndGet();
        }
      } catch (IOException e) {
        // the client closed the connection
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
