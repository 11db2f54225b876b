package ai.victor.otel.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;

/**
 * The application side of {@link SdkPairedProbe}: blocking provider calls through an SDK's own
 * OkHttp client, as a service makes them (one client, the same request each time). Loaded once
 * per copy of the application, in that copy's class loader.
 *
 * <p>With {@link #MEMORY} as the base URL the SDK's OkHttp client is rebuilt with a socket factory
 * whose sockets never reach the kernel ({@link MemorySocket}): OkHttp still resolves the route,
 * pools the connection, runs its interceptors (the agent's context and tracing interceptors among
 * them), writes the HTTP/1.1 request and parses the response, which the socket answers on the
 * calling thread from the canned answers of {@link SdkPairedProbe.LoopbackProvider}. What is
 * missing is only the loopback socket's system calls and the server thread.
 */
public final class SdkProbe {
  private SdkProbe() {}

  /** The base URL that selects the in-memory transport. */
  public static final String MEMORY = "memory";

  /**
   * A runner for {@code sdk} ({@code openai}: chat completions, {@code openai-responses}, or
   * {@code anthropic}) calling {@code baseUrl}, or in memory when it is {@link #MEMORY}.
   */
  public static Object runner(String sdk, String baseUrl) throws Exception {
    boolean memory = MEMORY.equals(baseUrl);
    String url = memory ? "http://127.0.0.1:9" + (sdk.equals("anthropic") ? "" : "/v1") : baseUrl;
    Object runner;
    Object client;
    switch (sdk) {
      case "openai":
        OpenAiChat chat = new OpenAiChat(url);
        runner = chat;
        client = chat.client;
        break;
      case "openai-responses":
        OpenAiResponses responses = new OpenAiResponses(url);
        runner = responses;
        client = responses.client;
        break;
      case "anthropic":
        AnthropicMessages messages = new AnthropicMessages(url);
        runner = messages;
        client = messages.client;
        break;
      default:
        throw new IllegalArgumentException(
            "sdk: openai, openai-responses or anthropic, not " + sdk);
    }
    if (memory) {
      inMemory(client);
    }
    return runner;
  }

  /**
   * Rebuilds the OkHttp client inside an SDK client (or the client a proxy of upstream's OpenAI
   * module wraps), found from {@code clientOptions
   * .originalHttpClient} through the SDK's wrappers) with the in-memory socket factory; its
   * interceptors, the agent's included, are kept by {@code newBuilder()}.
   */
  private static void inMemory(Object client) throws Exception {
    for (int depth = 0; depth < 3 && java.lang.reflect.Proxy.isProxyClass(client.getClass());
        depth++) {
      // Upstream's OpenAI module wraps the client in a proxy: the client is its handler's.
      Object handler = java.lang.reflect.Proxy.getInvocationHandler(client);
      Object inner = null;
      for (Class<?> type = handler.getClass(); type != null && inner == null;
          type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())
              && !field.getType().isPrimitive()) {
            field.setAccessible(true);
            Object value = field.get(handler);
            if (value != null && value.getClass().getName().contains("Client")) {
              inner = value;
              break;
            }
          }
        }
      }
      if (inner == null) {
        throw new IllegalStateException("no client in " + handler.getClass() + " "
            + java.util.Arrays.toString(handler.getClass().getDeclaredFields()));
      }
      client = inner;
    }
    Object sdkHttp = field(field(client, "clientOptions"), "originalHttpClient");
    for (int depth = 0; depth < 4; depth++) {
      for (Class<?> type = sdkHttp.getClass(); type != null; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (field.getType() == okhttp3.OkHttpClient.class) {
            field.setAccessible(true);
            okhttp3.OkHttpClient okHttp = (okhttp3.OkHttpClient) field.get(sdkHttp);
            okhttp3.OkHttpClient memory =
                okHttp.newBuilder().socketFactory(new MemorySockets()).build();
            field.set(sdkHttp, memory);
            // What runs on the measured path: the agent's interceptors must be among these.
            System.out.println("SDK-MEMORY okhttp interceptors=" + names(memory.interceptors())
                + " network-interceptors=" + names(memory.networkInterceptors()));
            return;
          }
        }
      }
      Object inner = null; // a wrapper: the HTTP client it delegates to
      for (Field field : sdkHttp.getClass().getDeclaredFields()) {
        if (field.getType().getSimpleName().endsWith("HttpClient")) {
          field.setAccessible(true);
          inner = field.get(sdkHttp);
          break;
        }
      }
      if (inner == null) {
        break;
      }
      sdkHttp = inner;
    }
    throw new IllegalStateException("no OkHttp client in " + sdkHttp.getClass());
  }

  private static String names(java.util.List<?> interceptors) {
    StringBuilder names = new StringBuilder("[");
    for (Object interceptor : interceptors) {
      names.append(names.length() > 1 ? ", " : "").append(interceptor.getClass().getName());
    }
    return names.append(']').toString();
  }

  private static Object field(Object owner, String name) throws Exception {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException e) {
        // the superclass then
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }

  /** OpenAI chat completions, blocking. */
  public static final class OpenAiChat {
    final OpenAIClient client;
    private final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-probe").addUserMessage("hi").build();

    OpenAiChat(String baseUrl) {
      client = OpenAIOkHttpClient.builder().apiKey("k").baseUrl(baseUrl).maxRetries(0).build();
    }

    public void calls(int n) {
      for (int i = 0; i < n; i++) {
        client.chat().completions().create(params);
      }
    }
  }

  /** OpenAI Responses, blocking. */
  public static final class OpenAiResponses {
    final OpenAIClient client;
    private final ResponseCreateParams params = ResponseCreateParams.builder()
        .model("gpt-probe").input("hi").build();

    OpenAiResponses(String baseUrl) {
      client = OpenAIOkHttpClient.builder().apiKey("k").baseUrl(baseUrl).maxRetries(0).build();
    }

    public void calls(int n) {
      for (int i = 0; i < n; i++) {
        client.responses().create(params);
      }
    }
  }

  /** Anthropic messages, blocking. */
  public static final class AnthropicMessages {
    final AnthropicClient client;
    private final MessageCreateParams params = MessageCreateParams.builder()
        .model("claude-probe").maxTokens(64).addUserMessage("hi").build();

    AnthropicMessages(String baseUrl) {
      client = AnthropicOkHttpClient.builder().apiKey("k").baseUrl(baseUrl).maxRetries(0)
          .build();
    }

    public void calls(int n) {
      for (int i = 0; i < n; i++) {
        client.messages().create(params);
      }
    }
  }

  /** Sockets that answer in memory ({@link MemorySocket}). */
  static final class MemorySockets extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new MemorySocket();
    }

    @Override
    public Socket createSocket(String host, int port) {
      return new MemorySocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) {
      return new MemorySocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      return new MemorySocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
      return new MemorySocket();
    }
  }

  /**
   * A connected socket with no operating-system socket behind it: what the client writes is one
   * request (its request line is kept to choose the answer, the rest is dropped), and the next
   * read after a request returns the canned answer to it, on the calling thread. A read with no
   * request pending times out at once, as a healthy idle connection's probe does.
   */
  static final class MemorySocket extends Socket {
    private final ByteArrayOutputStream requestLine = new ByteArrayOutputStream(128);
    private boolean lineDone;
    private boolean pending;
    private byte[] answer;
    private int position;
    private volatile boolean closed;
    private int soTimeout;
    private InetSocketAddress remote;

    MemorySocket() {
      super((java.net.Proxy) java.net.Proxy.NO_PROXY);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) {
      remote = (InetSocketAddress) endpoint;
    }

    @Override
    public void connect(SocketAddress endpoint) {
      connect(endpoint, 0);
    }

    @Override
    public boolean isConnected() {
      return remote != null;
    }

    @Override
    public boolean isBound() {
      return remote != null;
    }

    @Override
    public InetAddress getInetAddress() {
      return remote == null ? null : remote.getAddress();
    }

    @Override
    public int getPort() {
      return remote == null ? 0 : remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return remote;
    }

    @Override
    public InetAddress getLocalAddress() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
      return 40000;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    }

    @Override
    public void setSoTimeout(int timeout) {
      soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
      return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public boolean isInputShutdown() {
      return closed;
    }

    @Override
    public boolean isOutputShutdown() {
      return closed;
    }

    @Override
    public void shutdownInput() {}

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public InputStream getInputStream() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          if (closed) {
            return -1;
          }
          if (answer == null || position == answer.length) {
            if (!pending) {
              throw new SocketTimeoutException("no request pending");
            }
            String line = requestLine.toString(StandardCharsets.US_ASCII);
            answer = line.contains("/messages") ? SdkPairedProbe.LoopbackProvider.ANTHROPIC
                : line.contains("/responses") ? SdkPairedProbe.LoopbackProvider.RESPONSES
                : SdkPairedProbe.LoopbackProvider.OPENAI;
            position = 0;
            pending = false;
            lineDone = false;
            requestLine.reset();
          }
          int n = Math.min(length, answer.length - position);
          System.arraycopy(answer, position, buffer, offset, n);
          position += n;
          return n;
        }
      };
    }

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
          pending = true;
          for (int i = 0; i < length && !lineDone; i++) {
            byte b = buffer[offset + i];
            if (b == '\n') {
              lineDone = true;
            } else {
              requestLine.write(b);
            }
          }
        }
      };
    }
  }
}
