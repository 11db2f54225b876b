package ai.victor.otel.bench;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The server side of one MCP tool call, for {@link McpPairedProbe} ({@code server}): a real {@code
 * McpSyncServer} of the SDK with one tool run on the calling thread ({@code immediateExecution}),
 * its session fed the {@code tools/call} request a client sends (params as parsed JSON, with a
 * {@code traceparent} in {@code _meta}) through a transport that keeps the answer, so the whole
 * handling runs on the measured thread and nothing waits.
 */
public final class McpServerRunner {
  private static volatile Object sink;
  private final McpServerSession session;
  private final McpSchema.JSONRPCRequest call = new McpSchema.JSONRPCRequest(
      McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, "probe-1", Map.of(
          "name", "get_weather",
          "arguments", Map.of("city", "Paris"),
          "_meta", Map.of("traceparent",
              "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));

  public McpServerRunner() {
    Provider provider = new Provider();
    McpServer.sync(provider).serverInfo("probe", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .immediateExecution(true)
        .tools(McpServerFeatures.SyncToolSpecification.builder()
            .tool(McpSchema.Tool.builder().name("get_weather").description("The weather")
                .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\",\"properties\":"
                    + "{\"city\":{\"type\":\"string\"}}}")
                .build())
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                .addTextContent("sunny in Paris").build())
            .build())
        .build();
    session = provider.factory.create(provider.transport);
    session.handle(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION,
        McpSchema.METHOD_INITIALIZE, "init", Map.of("protocolVersion", "2025-06-18",
            "capabilities", Map.of(), "clientInfo", Map.of("name", "probe", "version", "1.0"))))
        .block();
    session.handle(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
        McpSchema.METHOD_NOTIFICATION_INITIALIZED, null)).block();
  }

  public void calls(int count) {
    for (int i = 0; i < count; i++) {
      session.handle(call).block();
    }
  }

  /** One session's transport: the answers are kept, not written anywhere. */
  static final class Transport implements McpServerTransport {
    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      sink = message;
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return mapper.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }

  static final class Provider implements McpServerTransportProvider {
    final Transport transport = new Transport();
    McpServerSession.Factory factory;

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
      this.factory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }
}
