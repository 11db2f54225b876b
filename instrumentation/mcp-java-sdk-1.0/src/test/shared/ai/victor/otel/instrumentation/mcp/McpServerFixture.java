package ai.victor.otel.instrumentation.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A real MCP server in the test JVM: the SDK's streamable HTTP servlet transport in an embedded
 * Tomcat on a free loopback port, with three tools: {@code get_weather} answers, {@code
 * fail_tool} answers with {@code isError}, {@code slow_tool} answers after {@code slowMillis}.
 */
final class McpServerFixture implements AutoCloseable {
  static final String ENDPOINT = "/mcp";
  final AtomicInteger weatherCalls = new AtomicInteger();
  private final Tomcat tomcat;
  private final McpSyncServer server;
  final int port;

  McpServerFixture(long slowMillis) throws LifecycleException {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint(ENDPOINT).build();
    tomcat = new Tomcat();
    tomcat.setBaseDir(System.getProperty("java.io.tmpdir") + "/mcp-tomcat-" + ProcessHandle.current().pid());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
    context.addServletMappingDecoded(ENDPOINT, "mcp");
    tomcat.start();
    port = connector.getLocalPort();
    server = McpServer.sync(transport)
        .serverInfo("weather-server", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(tool("get_weather", (exchange, request) -> {
          weatherCalls.incrementAndGet();
          return McpSchema.CallToolResult.builder()
              .addTextContent("sunny in " + request.arguments().get("city")).build();
        }), tool("fail_tool", (exchange, request) -> McpSchema.CallToolResult.builder()
            .addTextContent("no such city").isError(true).build()),
            tool("slow_tool", (exchange, request) -> {
              try {
                Thread.sleep(slowMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return McpSchema.CallToolResult.builder().addTextContent("late").build();
            }))
        .build();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private static McpServerFeatures.SyncToolSpecification tool(String name,
      java.util.function.BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange,
          McpSchema.CallToolRequest, McpSchema.CallToolResult> handler) {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder().name(name).description(name)
            .inputSchema(McpJsonDefaults.getMapper(),
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
            .build())
        .callHandler(handler)
        .build();
  }

  @Override
  public void close() throws LifecycleException {
    server.close();
    tomcat.stop();
    tomcat.destroy();
  }
}
