package ai.victor.otel.smoke.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.OtlpValues;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An MCP client and an MCP server (smoke-tests/sample-mcp) as two JVMs under the real javaagent
 * with the extension, over stdio and over streamable HTTP, the client a Spring AI agent against
 * the fake OpenAI provider in this JVM. Each pair runs once (the client exits when done); every
 * JVM exports to a receiver of its own. One trace crosses the two processes; the counts on both
 * sides are exact; an {@code isError} result is an error; a slow and a down server are classified
 * client errors while the application goes on to its end. Beside the HTTP pair, a LangChain4j agent
 * calls the same HTTP server through LangChain4j's own MCP client ({@code langchain4j-mcp}, which
 * does not use the MCP Java SDK): its tool call is LangChain4j's {@code execute_tool}, counted once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SERVER_MAIN = "ai.victor.sample.mcp.McpServerApp";

  private FakeOpenAiServer provider;
  private final Map<String, OtlpReceiver> clients = new java.util.HashMap<>();
  private final Map<String, OtlpReceiver> servers = new java.util.HashMap<>();
  private final Map<String, List<String>> output = new java.util.HashMap<>();
  /** The LangChain4j agent's JVM (langchain4j-mcp over streamable HTTP to the HTTP server). */
  private OtlpReceiver langchain4j;
  private ForkedApp httpServer;
  private final List<ForkedApp> apps = new ArrayList<>();

  @BeforeAll
  void runBothPairs() throws Exception {
    provider = FakeOpenAiServer.start(0);
    for (String transport : List.of("http", "stdio")) {
      clients.put(transport, OtlpReceiver.start());
      servers.put(transport, OtlpReceiver.start());
    }
    String jar = ForkedApp.requiredFile("victor.mcp.jar");

    httpServer = underAgent(ForkedApp.builder("mcp-server-http"), servers.get("http"),
        "sample-mcp-server")
        .args("-cp", jar, SERVER_MAIN, "http", "0")
        .start();
    apps.add(httpServer);
    // Over stdio the client starts its server: the server's command line is the client's
    // arguments. That pair needs nothing of the HTTP pair, so it starts at once beside it.
    List<String> serverCommand = new ArrayList<>(underAgent(ForkedApp.builder("unused"),
        servers.get("stdio"), "sample-mcp-server").args("-cp", jar, SERVER_MAIN, "stdio")
        .command());
    ForkedApp stdioClient = underAgent(ForkedApp.builder("mcp-client-stdio"),
        clients.get("stdio"), "sample-mcp-client")
        .systemProperty("mcp.down", "/nonexistent/mcp-server")
        .env("FAKE_OPENAI_URL", provider.baseUrl())
        .args(withPrefix(List.of("-jar", jar, "stdio"), serverCommand))
        .start();
    apps.add(stdioClient);
    int port = httpServer.awaitPort(WAIT);
    langchain4j = OtlpReceiver.start();
    ForkedApp langchain4jClient = underAgent(ForkedApp.builder("mcp-client-langchain4j"),
        langchain4j, "sample-langchain4j-mcp")
        .args("-cp", ForkedApp.requiredFile("victor.langchain4j.sample.jar"),
            "ai.victor.sample.langchain4j.McpToolsApp", "http://127.0.0.1:" + port,
            provider.baseUrl() + "/v1")
        .start();
    apps.add(langchain4jClient);
    int downPort = FreePort.find();
    ForkedApp httpClient = underAgent(ForkedApp.builder("mcp-client-http"), clients.get("http"),
        "sample-mcp-client")
        .systemProperty("mcp.slow", "true")
        .systemProperty("mcp.down", "http://127.0.0.1:" + downPort)
        .env("FAKE_OPENAI_URL", provider.baseUrl())
        .args("-jar", jar, "http", "http://127.0.0.1:" + port)
        .start();
    apps.add(httpClient);
    assertThat(httpClient.waitForExit(WAIT)).as("http client exit code").isZero();
    output.put("http", httpClient.logLines());
    assertThat(stdioClient.waitForExit(WAIT)).as("stdio client exit code").isZero();
    output.put("stdio", stdioClient.logLines());
    assertThat(langchain4jClient.waitForExit(WAIT)).as("langchain4j client exit code").isZero();
    output.put("langchain4j", langchain4jClient.logLines());
  }

  @AfterAll
  void stop() {
    apps.forEach(ForkedApp::close);
    clients.values().forEach(OtlpReceiver::close);
    servers.values().forEach(OtlpReceiver::close);
    if (langchain4j != null) {
      langchain4j.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  private static String[] withPrefix(List<String> prefix, List<String> rest) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(rest);
    return all.toArray(new String[0]);
  }

  private static ForkedApp.Builder underAgent(ForkedApp.Builder builder, OtlpReceiver receiver,
      String service) {
    return builder
        .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-javaagent:" + ForkedApp.requiredFile("victor.agent.jar"))
        .systemProperty("otel.javaagent.extensions", ForkedApp.requiredFile("victor.extension.jar"))
        .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.service.name", service)
        .systemProperty("otel.logs.exporter", "none");
  }

  @Test
  void theApplicationsSawWhatTheyWouldWithoutTheAgent() {
    for (String transport : List.of("http", "stdio")) {
      List<String> lines = output.get(transport);
      assertThat(lines).as(transport).contains("direct: sunny in Oslo", "DONE");
      assertThat(lines).as(transport + ": the agent's answer from the tool's result")
          .anyMatch(l -> l.startsWith("weather: Tool results: ") && l.contains("sunny in sample"));
      assertThat(lines).as(transport + ": the isError result went back to the model")
          .anyMatch(l -> l.startsWith("lookup: Tool results: ") && l.contains("unknown city"));
      assertThat(lines).as(transport + ": the down server failed the application's call")
          .anyMatch(l -> l.startsWith("down: ") && !l.equals("down: answered"));
    }
    assertThat(output.get("http")).as("the impatient client gave up on the slow tool")
        .anyMatch(l -> l.startsWith("slow: ") && !l.equals("slow: answered"));
  }

  @Test
  void oneToolCallIsOneTraceAcrossTheTwoProcesses() {
    for (String transport : List.of("http", "stdio")) {
      List<Span> clientSpans = clients.get(transport).awaitSpans(spans -> spans.stream()
          .anyMatch(s -> s.getName().equals("tools/call get_weather")), WAIT);
      Span tool = clientSpans.stream()
          .filter(s -> s.getName().equals("execute_tool get_weather")).findFirst().orElseThrow();
      Span call = clientSpans.stream().filter(s -> s.getName().equals("tools/call get_weather")
          && s.getParentSpanId().equals(tool.getSpanId())).findFirst().orElseThrow(
              () -> new AssertionError(transport + ": no tools/call under execute_tool"));
      assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      List<Span> serverSpans = servers.get(transport).awaitSpans(spans -> spans.stream()
          .anyMatch(s -> s.getParentSpanId().equals(call.getSpanId())), WAIT);
      Span handled = serverSpans.stream()
          .filter(s -> s.getParentSpanId().equals(call.getSpanId())).findFirst().orElseThrow();
      assertThat(handled.getName()).isEqualTo("tools/call get_weather");
      assertThat(handled.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(handled.getTraceId()).isEqualTo(tool.getTraceId());
      assertThat(serverSpans).as(transport + ": the server's get_weather is a Spring AI tool; "
          + "the server span is its execution, Spring AI's callback beneath adds none")
          .noneMatch(s -> s.getName().startsWith("execute_tool"));
      Map<String, String> clientAttributes = OtlpValues.attributes(call.getAttributesList());
      Map<String, String> serverAttributes = OtlpValues.attributes(handled.getAttributesList());
      assertThat(serverAttributes.get("jsonrpc.request.id"))
          .isEqualTo(clientAttributes.get("jsonrpc.request.id")).isNotBlank();
      String network = transport.equals("http") ? "tcp" : "pipe";
      assertThat(clientAttributes).containsEntry("network.transport", network)
          .containsEntry("mcp.method.name", "tools/call")
          .containsEntry("gen_ai.tool.name", "get_weather")
          .containsKey("mcp.protocol.version");
      assertThat(serverAttributes).containsEntry("network.transport", network)
          .containsKey("mcp.protocol.version");
      if (transport.equals("http")) {
        assertThat(serverAttributes).containsKey("mcp.session.id");
        assertThat(handled.getLinksList()).as("the HTTP server span that carried it, linked")
            .hasSize(1);
      }
      // The agent's own chat span and the tool loop: the tool span sits in the agent's trace.
      System.out.println("MCP tool call across two JVMs over " + transport + ":\n"
          + tree(clientSpans, serverSpans, tool.getTraceId()));
    }
  }

  @Test
  void countsAreExactOnBothSides() {
    for (String transport : List.of("http", "stdio")) {
      boolean http = transport.equals("http");
      MetricsView client = clients.get(transport).awaitMetrics(view -> count(view,
          "mcp.client.operation.duration", Map.of("mcp.method.name", "tools/call"))
          == (http ? 4 : 3), WAIT);
      // Spring AI's callback counts the agent's two tool calls; the MCP client beneath it does
      // not; the direct call has no layer above it, so the MCP client counts it.
      assertThat(count(client, "victor.tool.duration_ms", Map.of("tool", "get_weather",
          "status", "success"))).as(transport).isEqualTo(2);
      assertThat(count(client, "victor.tool.duration_ms", Map.of("tool", "lookup_city",
          "status", "error"))).as(transport).isEqualTo(1);
      assertThat(count(client, "victor.tool.duration_ms", Map.of("tool", "lookup_city")))
          .as(transport + ": one count for one tool call").isEqualTo(1);
      assertThat(count(client, "mcp.client.operation.duration", Map.of("mcp.method.name",
          "tools/call", "error.type", "tool_error"))).as(transport).isEqualTo(1);
      assertThat(count(client, "mcp.client.operation.duration", Map.of("mcp.method.name",
          "initialize", "error.type", "unavailable"))).as(transport + ": the down server")
          .isEqualTo(1);
      if (http) {
        assertThat(count(client, "mcp.client.operation.duration", Map.of("mcp.method.name",
            "tools/call", "error.type", "timeout"))).isEqualTo(1);
        assertThat(count(client, "victor.tool.duration_ms", Map.of("tool", "slow_tool",
            "status", "timeout"))).isEqualTo(1);
      }
      assertThat(count(client, "victor.tool_selection.latency_ms", Map.of("cache_type", "none")))
          .as(transport + ": tools/list").isPositive();
      assertThat(count(client, "mcp.client.session.duration", Map.of())).as(transport)
          .isPositive();

      // Over HTTP the server also answers the LangChain4j agent's one get_weather call.
      MetricsView server = servers.get(transport).awaitMetrics(view -> count(view,
          "mcp.server.operation.duration", Map.of("mcp.method.name", "tools/call"))
          == (http ? 5 : 3), WAIT);
      // get_weather is a Spring AI ToolCallback served by the MCP server: one count per call,
      // the server's, not a second one from Spring AI's callback beneath it.
      assertThat(count(server, "victor.tool.duration_ms", Map.of("tool", "get_weather")))
          .as(transport).isEqualTo(http ? 3 : 2);
      assertThat(count(server, "victor.tool.duration_ms", Map.of("tool", "get_weather",
          "status", "success"))).as(transport).isEqualTo(http ? 3 : 2);
      assertThat(count(server, "victor.tool.duration_ms", Map.of("tool", "lookup_city",
          "status", "error"))).as(transport).isEqualTo(1);
      assertThat(count(server, "mcp.server.operation.duration", Map.of("mcp.method.name",
          "tools/call", "error.type", "tool_error"))).as(transport).isEqualTo(1);
    }
  }

  /**
   * LangChain4j's own MCP client speaks the protocol itself: the MCP module sees nothing on the
   * client (no CLIENT span, no MCP metric), LangChain4j's module counts the tool call once, and
   * no trace context goes into {@code params._meta}. The server's span still joins the agent's
   * trace, through the W3C headers of the HTTP request that carried the call (the agent's JDK
   * HTTP client instrumentation): its parent is the HTTP server span, and it has no link.
   */
  @Test
  void langChain4jsOwnMcpClientIsOneToolCallUnderItsExecuteTool() {
    assertThat(output.get("langchain4j")).contains("DONE").anyMatch(l ->
        l.startsWith("langchain4j-mcp: Tool results: ") && l.contains("sunny in sample"));
    List<Span> clientSpans = langchain4j.awaitSpans(spans -> spans.stream()
        .anyMatch(s -> s.getName().equals("execute_tool get_weather")), WAIT);
    Span tool = single(clientSpans, "execute_tool get_weather");
    assertThat(clientSpans).as("langchain4j-mcp is not the MCP Java SDK: no MCP CLIENT span")
        .noneMatch(s -> s.getName().startsWith("tools/"));
    List<Span> serverSpans = servers.get("http").awaitSpans(spans -> spans.stream()
        .anyMatch(s -> s.getTraceId().equals(tool.getTraceId())
            && s.getName().equals("tools/call get_weather")), WAIT);
    Span handled = serverSpans.stream().filter(s -> s.getTraceId().equals(tool.getTraceId())
        && s.getName().equals("tools/call get_weather")).findFirst().orElseThrow();
    Span carrier = serverSpans.stream().filter(s -> s.getSpanId().equals(handled.getParentSpanId()))
        .findFirst().orElseThrow(() -> new AssertionError("no parent of " + handled));
    assertThat(carrier.getKind()).as("the HTTP server span that carried the call")
        .isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(carrier.getName()).isNotEqualTo(handled.getName());
    assertThat(handled.getLinksList()).as("no traceparent in params._meta").isEmpty();
    System.out.println("MCP tool call from langchain4j-mcp across two JVMs over http:\n"
        + tree(clientSpans, serverSpans, tool.getTraceId()));

    MetricsView metrics = langchain4j.awaitMetrics(view -> count(view,
        "victor.tool.duration_ms", Map.of("tool", "get_weather")) >= 1, WAIT);
    assertThat(count(metrics, "victor.tool.duration_ms", Map.of("tool", "get_weather",
        "status", "success"))).as("one tool call, one count").isEqualTo(1);
    assertThat(metrics.find("mcp.client.operation.duration")).isEmpty();
  }

  @Test
  void theErrorsAreOnTheSpans() {
    for (String transport : List.of("http", "stdio")) {
      List<Span> clientSpans = clients.get(transport).awaitSpans(spans -> spans.stream()
          .anyMatch(s -> s.getName().equals("tools/call lookup_city")), WAIT);
      Span lookup = single(clientSpans, "tools/call lookup_city");
      assertThat(lookup.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      assertThat(OtlpValues.attributes(lookup.getAttributesList()))
          .containsEntry("error.type", "tool_error");
      Span tool = single(clientSpans, "execute_tool lookup_city");
      assertThat(tool.getStatus().getCode()).as("Spring AI's callback threw on isError")
          .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      Span down = clientSpans.stream().filter(s -> s.getName().equals("initialize")
          && s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR).findFirst()
          .orElseThrow();
      assertThat(OtlpValues.attributes(down.getAttributesList()))
          .containsEntry("error.type", "unavailable");
      List<Span> serverSpans = servers.get(transport).awaitSpans(spans -> spans.stream()
          .anyMatch(s -> s.getName().equals("tools/call lookup_city")), WAIT);
      assertThat(OtlpValues.attributes(single(serverSpans, "tools/call lookup_city")
          .getAttributesList())).containsEntry("error.type", "tool_error");
    }
  }

  private static Span single(List<Span> spans, String name) {
    List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static long count(MetricsView metrics, String name, Map<String, String> subset) {
    return metrics.find(name).map(m -> m.pointsWith(subset).stream()
        .mapToLong(MetricsView.Point::count).sum()).orElse(0L);
  }

  /** The trace's spans of both processes as an indented tree, for the report. */
  private static String tree(List<Span> clientSpans, List<Span> serverSpans,
      com.google.protobuf.ByteString traceId) {
    List<Span> all = new ArrayList<>();
    clientSpans.stream().filter(s -> s.getTraceId().equals(traceId)).forEach(all::add);
    serverSpans.stream().filter(s -> s.getTraceId().equals(traceId)).forEach(all::add);
    StringBuilder out = new StringBuilder();
    all.stream().filter(s -> all.stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId())))
        .forEach(root -> append(out, all, root, 0, clientSpans));
    return out.toString();
  }

  private static void append(StringBuilder out, List<Span> all, Span span, int depth,
      List<Span> clientSpans) {
    HexFormat hex = HexFormat.of();
    out.append("  ".repeat(depth)).append(span.getName()).append(" [")
        .append(span.getKind().name().replace("SPAN_KIND_", "")).append(", ")
        .append(clientSpans.contains(span) ? "client JVM" : "server JVM").append("] id=")
        .append(hex.formatHex(span.getSpanId().toByteArray())).append(" parent=")
        .append(hex.formatHex(span.getParentSpanId().toByteArray())).append('\n');
    all.stream().filter(s -> s.getParentSpanId().equals(span.getSpanId()))
        .sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano()))
        .forEach(child -> append(out, all, child, depth + 1, clientSpans));
  }
}
