package ai.victor.otel.instrumentation.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run in a JVM of its own with {@code otel.instrumentation.victor-mcp.enabled=false} (the
 * {@code switched-off} execution), as docs/libraries/mcp.md documents the switch: the same client
 * and server work, and nothing of the module is recorded.
 */
class McpSwitchedOffTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @Test
  void theSwitchTurnsTheModuleOff() throws Exception {
    assertThat(System.getProperty("otel.instrumentation.victor-mcp.enabled")).isEqualTo("false");
    try (McpServerFixture server = new McpServerFixture(0)) {
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
              .builder(server.url()).endpoint(McpServerFixture.ENDPOINT).build())
          .requestTimeout(Duration.ofSeconds(20)).build();
      client.initialize();
      McpSchema.CallToolResult result = testing.runWithSpan("agent", () ->
          client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Oslo"))));
      client.closeGracefully();

      assertThat(((McpSchema.TextContent) result.content().get(0)).text())
          .isEqualTo("sunny in Oslo");
      List<SpanData> spans = testing.waitForTraces(1).get(0);
      assertThat(spans).extracting(SpanData::getName).containsExactly("agent");
      assertThat(Exported.metric(testing, "mcp.client.operation.duration")).isEmpty();
      assertThat(Exported.metric(testing, "mcp.server.operation.duration")).isEmpty();
      assertThat(Exported.metric(testing, "victor.tool.duration_ms")).isEmpty();
    }
  }
}
