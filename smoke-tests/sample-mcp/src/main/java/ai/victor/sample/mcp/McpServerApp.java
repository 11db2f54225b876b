package ai.victor.sample.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.ai.mcp.McpToolUtils;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * An MCP server with three tools: {@code get_weather} answers (a Spring AI {@code ToolCallback}
 * served through Spring AI's {@code McpToolUtils}, as a Spring AI MCP server serves its tools; the
 * others are the SDK's own handlers), {@code lookup_city} answers with
 * {@code isError} (an unknown city), {@code slow_tool} answers after {@code mcp.slow-ms}
 * (default 2000 ms). {@code stdio}: serves the process's standard streams and exits when the
 * client that started it goes away. {@code http PORT}: serves streamable HTTP at {@code /mcp}
 * from an embedded Tomcat on 127.0.0.1 (PORT 0 picks one) and prints {@code LISTENING port=N}.
 * Nothing goes to standard output but MCP messages: over stdio it is the protocol's channel.
 */
public final class McpServerApp {
  private static final String CITY_SCHEMA = "{\"type\":\"object\",\"properties\":"
      + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

  private McpServerApp() {}

  public static void main(String[] args) throws Exception {
    long slowMillis = Long.getLong("mcp.slow-ms", 2000);
    McpServerTransportProviderBase transport;
    Tomcat tomcat = null;
    if ("http".equals(args[0])) {
      HttpServletStreamableServerTransportProvider http =
          HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
      tomcat = new Tomcat();
      tomcat.setBaseDir(Files.createTempDirectory("mcp-server").toString());
      Connector connector = new Connector();
      connector.setPort(Integer.parseInt(args[1]));
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", null);
      Tomcat.addServlet(context, "mcp", http).setAsyncSupported(true);
      context.addServletMappingDecoded("/mcp", "mcp");
      transport = http;
    } else {
      transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper());
      // Started by its client: it goes when the client goes, whatever the client did.
      ProcessHandle.current().parent().ifPresent(parent ->
          parent.onExit().thenRun(() -> System.exit(0)));
    }
    McpServer.SyncSpecification<?> spec = transport instanceof HttpServletStreamableServerTransportProvider
        ? McpServer.sync((HttpServletStreamableServerTransportProvider) transport)
        : McpServer.sync((StdioServerTransportProvider) transport);
    spec.serverInfo("sample-mcp-server", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(
            McpToolUtils.toSyncToolSpecification(new WeatherTool()),
            tool("lookup_city", "Facts about a city", (exchange, request) ->
                text("unknown city: " + request.arguments().get("city"), true)),
            tool("slow_tool", "A tool that takes its time", (exchange, request) -> {
              try {
                Thread.sleep(slowMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return text("finally", false);
            }))
        .build();
    if (tomcat != null) {
      tomcat.start();
      System.out.println("LISTENING port=" + tomcat.getConnector().getLocalPort());
    }
    new CountDownLatch(1).await();
  }

  private static McpServerFeatures.SyncToolSpecification tool(String name, String description,
      BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult>
          handler) {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder().name(name).description(description)
            .inputSchema(McpJsonDefaults.getMapper(), CITY_SCHEMA)
            .build())
        .callHandler(handler)
        .build();
  }

  /** A Spring AI tool: Spring AI's instrumentation sees its calls, beneath the MCP server's. */
  static final class WeatherTool implements ToolCallback {
    private final ToolDefinition definition = ToolDefinition.builder().name("get_weather")
        .description("The weather in a city").inputSchema(CITY_SCHEMA).build();

    @Override
    public ToolDefinition getToolDefinition() {
      return definition;
    }

    @Override
    public String call(String input) {
      try {
        return "sunny in " + McpJsonDefaults.getMapper().readValue(input, Map.class).get("city");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static McpSchema.CallToolResult text(String text, boolean error) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(error).build();
  }
}
