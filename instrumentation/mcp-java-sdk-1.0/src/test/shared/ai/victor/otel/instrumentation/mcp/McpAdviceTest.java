package ai.victor.otel.instrumentation.mcp;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP module against the real SDK (the oldest and, in mcp-java-sdk-1.0-newest-tests, the
 * newest release that resolves): a sync client over streamable HTTP to a sync server in an
 * embedded Tomcat, both in this JVM under the agent for testing. Client and server record into
 * the same SDK here, so a tool call counts twice in the tool series: once per side.
 */
class McpAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String CLIENT_DURATION = "mcp.client.operation.duration";
  private static final String SERVER_DURATION = "mcp.server.operation.duration";
  private static final String TOOL_DURATION = "victor.tool.duration_ms";
  private static final boolean CAPTURE = Boolean.getBoolean("victor.capture");
  private static McpServerFixture server;
  private static McpSyncClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new McpServerFixture(1500);
    client = client(server.url(), Duration.ofSeconds(20));
    client.initialize();
  }

  @AfterAll
  static void stop() throws Exception {
    client.closeGracefully();
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static McpSyncClient client(String url, Duration timeout) {
    return McpClient.sync(HttpClientStreamableHttpTransport.builder(url)
            .endpoint(McpServerFixture.ENDPOINT).build())
        .requestTimeout(timeout)
        .build();
  }

  @Test
  void theTestedReleaseIsTheExpectedOne() {
    String jar = McpSchema.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(jar).contains("/" + System.getProperty("victor.mcp.expected") + "/");
  }

  @Test
  void aToolCallIsOneTraceFromClientToServer() {
    McpSchema.CallToolResult result = testing.runWithSpan("agent", () ->
        client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris"))));

    assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny in Paris");
    List<SpanData> trace = trace("agent");
    SpanData agent = single(trace, "agent");
    SpanData clientSpan = single(trace, "tools/call get_weather", SpanKind.CLIENT);
    SpanData serverSpan = single(trace, "tools/call get_weather", SpanKind.SERVER);
    assertThat(clientSpan.getParentSpanId()).isEqualTo(agent.getSpanId());
    // The server's parent is the client's span, from params._meta, not the HTTP spans between.
    assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
    // (The agent for testing has no HTTP instrumentation: the link to the transport's HTTP
    // server span is checked under the real agent, McpSmokeTest.)
    for (SpanData span : List.of(clientSpan, serverSpan)) {
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(span.getAttributes().get(stringKey("mcp.method.name"))).isEqualTo("tools/call");
      assertThat(span.getAttributes().get(stringKey("gen_ai.tool.name"))).isEqualTo("get_weather");
      assertThat(span.getAttributes().get(stringKey("gen_ai.operation.name")))
          .isEqualTo("execute_tool");
      assertThat(span.getAttributes().get(stringKey("network.transport"))).isEqualTo("tcp");
      assertThat(span.getAttributes().get(stringKey("mcp.protocol.version"))).isNotBlank();
      if (CAPTURE) {
        assertThat(span.getAttributes().get(stringKey("gen_ai.tool.call.arguments")))
            .contains("Paris");
        assertThat(span.getAttributes().get(stringKey("gen_ai.tool.call.result")))
            .contains("sunny in Paris");
      } else {
        assertThat(span.getAttributes().get(stringKey("gen_ai.tool.call.arguments"))).isNull();
        assertThat(span.getAttributes().get(stringKey("gen_ai.tool.call.result"))).isNull();
      }
    }
    assertThat(serverSpan.getAttributes().get(stringKey("jsonrpc.request.id")))
        .isNotBlank()
        .isEqualTo(clientSpan.getAttributes().get(stringKey("jsonrpc.request.id")));
    assertThat(serverSpan.getAttributes().get(stringKey("mcp.session.id"))).isNotBlank();

    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "tools/call"))).isEqualTo(1);
    assertThat(Exported.histogramCount(testing, SERVER_DURATION,
        Exported.attributes("mcp.method.name", "tools/call"))).isEqualTo(1);
    // No tool layer above the client here: it counts the call, and so does the server.
    assertThat(Exported.histogramCount(testing, TOOL_DURATION,
        Exported.attributes("tool", "get_weather", "status", "success"))).isEqualTo(2);
  }

  @Test
  void anIsErrorResultIsAToolErrorOnBothSides() {
    McpSchema.CallToolResult result = testing.runWithSpan("agent", () ->
        client.callTool(new McpSchema.CallToolRequest("fail_tool", Map.of("city", "Atlantis"))));

    assertThat(result.isError()).as("the application's result is unchanged").isTrue();
    List<SpanData> trace = trace("agent");
    for (SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.SERVER)) {
      SpanData span = single(trace, "tools/call fail_tool", kind);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getAttributes().get(stringKey("error.type"))).isEqualTo("tool_error");
    }
    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "tools/call", "error.type", "tool_error")))
        .isEqualTo(1);
    assertThat(Exported.histogramCount(testing, SERVER_DURATION,
        Exported.attributes("mcp.method.name", "tools/call", "error.type", "tool_error")))
        .isEqualTo(1);
    assertThat(Exported.histogramCount(testing, TOOL_DURATION,
        Exported.attributes("tool", "fail_tool", "status", "error"))).isEqualTo(2);
    assertThat(Exported.histogramCount(testing, TOOL_DURATION,
        Exported.attributes("tool", "fail_tool", "status", "success"))).isZero();
  }

  @Test
  void anUnknownToolIsAJsonRpcError() {
    Throwable thrown = catchThrowable(() -> testing.runWithSpan("agent", () ->
        client.callTool(new McpSchema.CallToolRequest("no_such_tool", Map.of()))));

    assertThat(thrown).isInstanceOf(io.modelcontextprotocol.spec.McpError.class);
    List<SpanData> trace = trace("agent");
    SpanData clientSpan = single(trace, "tools/call no_such_tool", SpanKind.CLIENT);
    SpanData serverSpan = single(trace, "tools/call no_such_tool", SpanKind.SERVER);
    String code = clientSpan.getAttributes().get(stringKey("rpc.response.status_code"));
    assertThat(code).isIn("-32602", "-32603");
    assertThat(clientSpan.getAttributes().get(stringKey("error.type"))).isEqualTo(code);
    assertThat(serverSpan.getAttributes().get(stringKey("error.type"))).isEqualTo(code);
    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "tools/call", "error.type", code))).isEqualTo(1);
    assertThat(Exported.histogramCount(testing, TOOL_DURATION,
        Exported.attributes("tool", "no_such_tool", "status", "error"))).isEqualTo(2);
  }

  @Test
  void listingToolsIsARequestOfItsOwn() {
    McpSchema.ListToolsResult tools = testing.runWithSpan("agent", () -> client.listTools());

    assertThat(tools.tools()).extracting(McpSchema.Tool::name)
        .contains("get_weather", "fail_tool", "slow_tool");
    List<SpanData> trace = trace("agent");
    SpanData clientSpan = single(trace, "tools/list", SpanKind.CLIENT);
    SpanData serverSpan = single(trace, "tools/list", SpanKind.SERVER);
    assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
    assertThat(clientSpan.getAttributes().get(stringKey("gen_ai.operation.name"))).isNull();
    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "tools/list"))).isEqualTo(1);
    // A listing is a tool selection no selection cache served, of the three tools.
    assertThat(Exported.histogramCount(testing, "victor.tool_selection.latency_ms",
        Exported.attributes("cache_type", "none", "result", "miss"))).isEqualTo(1);
    assertThat(Exported.histogramSum(testing, "victor.tool_selection.tools",
        io.opentelemetry.api.common.Attributes.empty())).isEqualTo(3);
  }

  @Test
  void aSlowServerIsAClientTimeoutAndTheServerStillAnswers() {
    try (McpSyncClient impatient = client(server.url(), Duration.ofMillis(300))) {
      impatient.initialize();
      testing.clearData();
      Throwable thrown = catchThrowable(() -> testing.runWithSpan("agent", () ->
          impatient.callTool(new McpSchema.CallToolRequest("slow_tool", Map.of()))));

      assertThat(thrown).as("the application sees the SDK's own failure").isNotNull();
      List<SpanData> trace = testing.waitForTraces(1).get(0);
      SpanData clientSpan = single(trace, "tools/call slow_tool", SpanKind.CLIENT);
      assertThat(clientSpan.getAttributes().get(stringKey("error.type"))).isEqualTo("timeout");
      assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
          Exported.attributes("mcp.method.name", "tools/call", "error.type", "timeout")))
          .isEqualTo(1);
      assertThat(Exported.histogramCount(testing, TOOL_DURATION,
          Exported.attributes("tool", "slow_tool", "status", "timeout"))).isEqualTo(1);
    }
  }

  @Test
  void aServerThatIsDownIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    McpSyncClient orphan = client("http://127.0.0.1:" + port, Duration.ofSeconds(5));
    Throwable thrown = catchThrowable(orphan::initialize);

    assertThat(thrown).isNotNull();
    SpanData initialize = testing.waitForTraces(1).stream().flatMap(List::stream)
        .filter(s -> s.getName().equals("initialize") && s.getKind() == SpanKind.CLIENT)
        .findFirst().orElseThrow();
    assertThat(initialize.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(initialize.getAttributes().get(stringKey("error.type"))).isEqualTo("unavailable");
    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "initialize", "error.type", "unavailable")))
        .isEqualTo(1);
    orphan.close();
  }

  /**
   * A stdio server whose command does not exist, with the client's initialization timeout shorter
   * than its request timeout: the SDK cancels the pending {@code initialize} rather than failing
   * it. That request still failed for the application, because the server never started.
   */
  @Test
  void aStdioServerThatCannotStartIsUnavailableWhenTheInitializationTimesOut() {
    McpSyncClient orphan = McpClient.sync(new StdioClientTransport(
            ServerParameters.builder("/nonexistent/mcp-server").build(),
            McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofMillis(1500))
        .build();
    Throwable thrown = catchThrowable(orphan::initialize);

    assertThat(thrown).as("the application sees the SDK's own failure").isNotNull();
    SpanData initialize = testing.waitForTraces(1).stream().flatMap(List::stream)
        .filter(s -> s.getName().equals("initialize") && s.getKind() == SpanKind.CLIENT)
        .findFirst().orElseThrow();
    assertThat(initialize.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(initialize.getAttributes().get(stringKey("error.type"))).isEqualTo("unavailable");
    assertThat(Exported.histogramCount(testing, CLIENT_DURATION,
        Exported.attributes("mcp.method.name", "initialize", "error.type", "unavailable")))
        .isEqualTo(1);
    orphan.close();
  }

  @Test
  void aSessionIsMeasuredFromOpenToClose() {
    McpSyncClient shortLived = client(server.url(), Duration.ofSeconds(20));
    shortLived.initialize();
    shortLived.closeGracefully();

    assertThat(Exported.histogramCount(testing, "mcp.client.session.duration",
        io.opentelemetry.api.common.Attributes.empty())).isEqualTo(1);
    // The client's DELETE ends the server's session.
    testing.waitAndAssertMetrics(Exported.SCOPE, "mcp.server.session.duration",
        metrics -> metrics.anySatisfy(m -> assertThat(m.getHistogramData().getPoints())
            .anySatisfy(p -> assertThat(p.getCount()).isPositive())));
  }

  private static Throwable catchThrowable(Runnable runnable) {
    try {
      runnable.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** The trace whose root is the named span (other traces, the HTTP GET stream, aside). */
  private static List<SpanData> trace(String root) {
    for (int attempt = 0; attempt < 100; attempt++) {
      Map<String, List<SpanData>> traces = testing.spans().stream()
          .collect(Collectors.groupingBy(SpanData::getTraceId));
      for (List<SpanData> trace : traces.values()) {
        if (trace.stream().anyMatch(s -> s.getName().equals(root))
            && trace.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER
                && s.getAttributes().get(stringKey("mcp.method.name")) != null)) {
          return new ArrayList<>(trace);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no trace rooted at " + root + " with a server span: "
        + testing.spans().stream().map(s -> s.getName() + "/" + s.getKind())
            .collect(Collectors.toList()));
  }

  private static SpanData single(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  private static SpanData single(List<SpanData> spans, String name, SpanKind kind) {
    List<SpanData> found = spans.stream()
        .filter(s -> s.getName().equals(name) && s.getKind() == kind)
        .collect(Collectors.toList());
    assertThat(found).as("%s spans named %s in %s", kind, name,
        spans.stream().map(s -> s.getName() + "/" + s.getKind()).collect(Collectors.toList()))
        .hasSize(1);
    return found.get(0);
  }
}
