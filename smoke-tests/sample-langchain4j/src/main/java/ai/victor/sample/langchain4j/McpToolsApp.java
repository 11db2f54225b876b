package ai.victor.sample.langchain4j;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;

/**
 * A LangChain4j agent whose tools are an MCP server's, through LangChain4j's own MCP client
 * ({@code langchain4j-mcp}: its {@code McpToolProvider} and {@code DefaultMcpClient}, which speak
 * the protocol themselves, not through the MCP Java SDK), over streamable HTTP. Arguments: the
 * server's base URL (its endpoint {@code /mcp}) and the OpenAI-compatible base URL. Asks one
 * question that the server's {@code get_weather} answers, prints the answer and {@code DONE}.
 */
public final class McpToolsApp {
  private McpToolsApp() {}

  /** The agent's interface, implemented by LangChain4j. */
  interface Agent {
    String chat(String message);
  }

  public static void main(String[] args) throws Exception {
    McpClient mcp = new DefaultMcpClient.Builder()
        .transport(new StreamableHttpMcpTransport.Builder().url(args[0] + "/mcp")
            .timeout(Duration.ofSeconds(30)).build())
        .toolExecutionTimeout(Duration.ofSeconds(30))
        .build();
    try {
      Agent agent = AiServices.builder(Agent.class)
          .chatModel(OpenAiChatModel.builder().baseUrl(args[1]).apiKey("sample-key")
              .modelName("gpt-mcp").maxRetries(0).build())
          .toolProvider(McpToolProvider.builder().mcpClients(mcp).build())
          .build();
      System.out.println("langchain4j-mcp: " + agent.chat("What does get_weather say about Lima?"));
    } finally {
      mcp.close();
    }
    System.out.println("DONE");
    System.exit(0);
  }
}
