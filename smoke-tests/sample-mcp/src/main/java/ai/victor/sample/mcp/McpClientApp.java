package ai.victor.sample.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.mcp.McpToolNamePrefixGenerator;
import org.springframework.ai.mcp.SyncMcpToolCallbackProvider;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * An agent whose tools are an MCP server's: a Spring AI ChatClient with the server's tools as
 * Spring AI MCP tool callbacks, talking to the OpenAI-compatible endpoint in {@code
 * FAKE_OPENAI_URL}. It asks two questions (one tool answers, one answers {@code isError}), calls
 * a tool directly through the MCP client, and, where asked, calls a slow tool with an impatient
 * client and a server that is down; prints what the application saw, then {@code DONE}, and
 * exits.
 *
 * <p>{@code stdio COMMAND...}: starts the server with COMMAND and talks to it over its standard
 * streams. {@code http URL}: streamable HTTP to URL (its endpoint {@code /mcp}). With {@code
 * -Dmcp.down=URL_OR_COMMAND} also the down server, with {@code -Dmcp.slow=true} the slow tool.
 * With {@code -Dmcp.loop-millis=N} it instead calls the tool every N ms until stopped (steady
 * traffic for the monitoring pipeline's end-to-end test; no model needed).
 */
public final class McpClientApp {
  private McpClientApp() {}

  public static void main(String[] args) throws Exception {
    String transport = args[0];
    List<String> target = Arrays.asList(args).subList(1, args.length);
    McpSyncClient client = client(transport, target, Duration.ofSeconds(60));
    client.initialize();
    long loopMillis = Long.getLong("mcp.loop-millis", 0);
    if (loopMillis > 0) {
      loop(client, loopMillis);
      return;
    }

    OpenAiChatModel model = OpenAiChatModel.builder()
        .options(OpenAiChatOptions.builder()
            .baseUrl(System.getenv("FAKE_OPENAI_URL") + "/v1")
            .apiKey("fake-key")
            .model("gpt-mcp")
            .maxRetries(0)
            .build())
        .build();
    ToolCallback[] tools = SyncMcpToolCallbackProvider.builder()
        .mcpClients(client)
        .toolNamePrefixGenerator(McpToolNamePrefixGenerator.noPrefix())
        .build()
        .getToolCallbacks();
    ChatClient chat = ChatClient.create(model);
    print("weather", chat.prompt().user("What does get_weather say about Paris?")
        .toolCallbacks(tools).call().content());
    print("lookup", chat.prompt().user("Please lookup_city Atlantis")
        .toolCallbacks(tools).call().content());

    // The application calling the MCP client itself, no framework around it.
    McpSchema.CallToolResult direct = client.callTool(
        new McpSchema.CallToolRequest("get_weather", Map.of("city", "Oslo")));
    print("direct", ((McpSchema.TextContent) direct.content().get(0)).text());

    if (Boolean.getBoolean("mcp.slow")) {
      try (McpSyncClient impatient = client(transport, target, Duration.ofMillis(500))) {
        impatient.initialize();
        impatient.callTool(new McpSchema.CallToolRequest("slow_tool", Map.of("city", "Rome")));
        print("slow", "answered");
      } catch (RuntimeException e) {
        print("slow", e.getClass().getSimpleName());
      }
    }
    String down = System.getProperty("mcp.down");
    if (down != null) {
      try (McpSyncClient orphan = client(transport, List.of(down), Duration.ofSeconds(5),
          Duration.ofSeconds(5))) {
        orphan.initialize();
        print("down", "answered");
      } catch (RuntimeException e) {
        print("down", e.getClass().getSimpleName());
      }
    }
    client.closeGracefully();
    System.out.println("DONE");
    System.exit(0);
  }

  /**
   * Calls the server's tool directly every {@code millis} (and lists its tools every tenth time)
   * until the process is stopped, as a service with steady MCP traffic. A failed call (the server
   * gone) is printed and the loop goes on.
   */
  private static void loop(McpSyncClient client, long millis) throws InterruptedException {
    System.out.println("LOOPING");
    for (long i = 0; ; i++) {
      try {
        if (i % 10 == 0) {
          client.listTools();
        }
        client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Oslo")));
      } catch (RuntimeException e) {
        if (i % 50 == 0) {
          System.out.println("loop: " + e.getClass().getSimpleName());
        }
      }
      Thread.sleep(millis);
    }
  }

  private static McpSyncClient client(String transport, List<String> target, Duration timeout) {
    return client(transport, target, timeout, Duration.ofSeconds(60));
  }

  private static McpSyncClient client(String transport, List<String> target, Duration timeout,
      Duration initialization) {
    McpClientTransport connection;
    if ("stdio".equals(transport)) {
      connection = new StdioClientTransport(ServerParameters.builder(target.get(0))
          .args(target.subList(1, target.size())).build(), McpJsonDefaults.getMapper());
    } else {
      connection = HttpClientStreamableHttpTransport.builder(target.get(0)).endpoint("/mcp")
          .build();
    }
    return McpClient.sync(connection).requestTimeout(timeout)
        .initializationTimeout(initialization).build();
  }

  private static void print(String what, String answer) {
    System.out.println(what + ": " + answer);
  }
}
