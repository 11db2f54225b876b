package ai.victor.otel.bench;

import io.modelcontextprotocol.client.McpClient;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * CPU time and bytes allocated per MCP tool call, on the calling thread: an {@code McpSyncClient}
 * of the real SDK calling a tool through a loopback transport that answers every request on the
 * spot, on the same thread, so that the whole call (the SDK's work, the agent's, and on the
 * extension side the module's span, metrics, tool series and {@code _meta} propagation) runs on
 * the measured thread and nothing waits. Run it on the agent-alone side and on the extension side
 * (benchmarks/README in docs/performance.md, "MCP"): the difference is the module's cost per call.
 * Wall time is not measured: on this shared machine it says more about the neighbours.
 *
 * <p>Prints {@code MCP calls=N round=R cpu-ns=X bytes=Y} per round, then the median round.
 */
public final class McpProbe {
  private static volatile Object sink;

  private McpProbe() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    McpSyncClient client = McpClient.sync(new Loopback()).requestTimeout(Duration.ofSeconds(30))
        .build();
    client.initialize();
    McpSchema.CallToolRequest request =
        new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris"));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    // Inside a request, as a service calls its tools: the agent then propagates this context
    // through the SDK's Reactor chain on both sides, so the difference is the module's alone.
    Span parent = GlobalOpenTelemetry.getTracer("probe").spanBuilder("request").startSpan();
    Scope scope = parent.makeCurrent();
    for (int i = 0; i < calls; i++) { // warm-up: the JIT compiles and inlines the advice
      sink = client.callTool(request);
    }
    double[] cpu = new double[rounds];
    double[] bytes = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long bytes0 = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        sink = client.callTool(request);
      }
      cpu[round] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) calls;
      bytes[round] = (threads.getThreadAllocatedBytes(thread) - bytes0) / (double) calls;
      System.out.printf("MCP calls=%d round=%d cpu-ns=%.0f bytes=%.0f%n", calls, round,
          cpu[round], bytes[round]);
    }
    scope.close();
    parent.end();
    Arrays.sort(cpu);
    Arrays.sort(bytes);
    System.out.printf("MCP median cpu-ns=%.0f (min %.0f, max %.0f) bytes=%.0f%n",
        cpu[rounds / 2], cpu[0], cpu[rounds - 1], bytes[rounds / 2]);
    client.close();
  }

  /** One application's client, calling the tool inside a request span (McpPairedProbe). */
  public static final class Runner {
    private final McpSyncClient client = McpClient.sync(new Loopback())
        .requestTimeout(Duration.ofSeconds(30)).build();
    private final McpSchema.CallToolRequest request =
        new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris"));
    private final Span parent;

    public Runner() {
      client.initialize();
      parent = GlobalOpenTelemetry.getTracer("probe").spanBuilder("request").startSpan();
    }

    public void calls(int count) {
      try (Scope ignored = parent.makeCurrent()) {
        for (int i = 0; i < count; i++) {
          sink = client.callTool(request);
        }
      }
    }
  }

  /** A transport whose server answers at once, on the sending thread. */
  static final class Loopback implements McpClientTransport {
    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>>
        handler;
    private final McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
        .addTextContent("sunny in Paris").build();
    private final McpSchema.InitializeResult initialized = new McpSchema.InitializeResult(
        io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_06_18, McpSchema.ServerCapabilities.builder().tools(true)
            .build(), new McpSchema.Implementation("loopback", "1.0"), null);

    @Override
    public Mono<Void> connect(
        Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
      this.handler = handler;
      return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      if (message instanceof McpSchema.JSONRPCRequest request) {
        Object answer = McpSchema.METHOD_INITIALIZE.equals(request.method()) ? initialized : result;
        handler.apply(Mono.just(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION,
            request.id(), answer, null))).subscribe();
      }
      return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return mapper.convertValue(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
      return List.of(io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_06_18);
    }
  }
}
