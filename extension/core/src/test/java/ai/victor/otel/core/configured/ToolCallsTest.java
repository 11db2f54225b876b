package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallsTest {
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  private static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  private static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  private static final AttributeKey<String> ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  private static final AttributeKey<String> RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static class ToolResult {
    private final boolean failed;
    private final String output;

    ToolResult(boolean failed, String output) {
      this.failed = failed;
      this.output = output;
    }

    boolean failed() {
      return failed;
    }

    String output() {
      return output;
    }
  }

  /** A result whose {@code failed()} throws: a broken accessor, not a failed tool. */
  static class BrokenResult extends ToolResult {
    BrokenResult() {
      super(false, "ok");
    }

    @Override
    boolean failed() {
      throw new IllegalStateException("failed() is broken");
    }
  }

  static class TestTool {
    private final String name;

    TestTool(String name) {
      this.name = name;
    }

    String name() {
      return name;
    }
  }

  /** Configured without a tool accessor: named after its class. */
  static class WebSearchTool {}

  /** Named from its argument. */
  static class ArgNamedTool {}

  /** Reads its call id from its second argument. */
  static class CallIdTool {}

  static class Invocation {
    String id() {
      throw new IllegalStateException("id() is broken");
    }
  }

  static class Request {
    final String tool;

    Request(String tool) {
      this.tool = tool;
    }

    String tool() {
      if (tool == null) {
        throw new IllegalStateException("no tool");
      }
      return tool;
    }
  }

  private static List<String> settings(String... extra) {
    List<String> settings = new ArrayList<String>(Arrays.asList(
        "victor.otel.targets", "tool,by-class,by-arg,call-id"));
    settings.addAll(TestTelemetry.target("tool",
        "role", "tool",
        "type", TestTool.class.getName(),
        "methods", "execute",
        "tool", "this.name()",
        "failed", "result.failed()",
        "call-id", "arg1",
        "arguments", "arg0",
        "result", "result.output()"));
    settings.addAll(TestTelemetry.target("by-class",
        "role", "tool", "type", WebSearchTool.class.getName(), "methods", "run"));
    settings.addAll(TestTelemetry.target("by-arg",
        "role", "tool", "type", ArgNamedTool.class.getName(), "methods", "run",
        "tool", "arg0.tool()"));
    settings.addAll(TestTelemetry.target("call-id",
        "role", "tool", "type", CallIdTool.class.getName(), "methods", "run",
        "tool", "const:with-id", "call-id", "arg1.id()"));
    settings.addAll(Arrays.asList(extra));
    return settings;
  }

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final ToolCalls calls = ToolCalls.create(sdk.telemetry);

  private static Object enter(ToolCalls calls, Object tool, Object a0, Object a1) {
    return calls.enter(tool.getClass(), tool, a0, a1, null, null);
  }

  private static void exit(ToolCalls calls, Object call, Object tool, Object result,
      Throwable thrown, Object a0, Object a1) {
    calls.exit(call, tool, result, thrown, a0, a1, null, null);
  }

  /** One whole execution as the advice records it. */
  private static void execute(ToolCalls calls, Object tool, Object result, Throwable thrown) {
    Object call = enter(calls, tool, "{\"q\":1}", "call-1");
    exit(calls, call, tool, result, thrown, "{\"q\":1}", "call-1");
  }

  private static Attributes duration(String tool, String status) {
    return Attributes.of(TOOL, tool, STATUS, status);
  }

  private long concurrent(String tool) {
    return sdk.sum("victor.tool.concurrent_executions", Attributes.of(TOOL, tool));
  }

  @Test
  void aSuccessfulExecution() {
    TestTool tool = new TestTool("search");
    Span before = Span.current();
    Object call = enter(calls, tool, "{\"q\":1}", "call-7");
    assertThat(call).isNotNull();
    assertThat(concurrent("search")).isEqualTo(1);
    assertThat(Span.current().getSpanContext().isValid()).as("the tool span is current").isTrue();
    exit(calls, call, tool, new ToolResult(false, "found"), null, "{\"q\":1}", "call-7");
    assertThat(Span.current()).isSameAs(before);

    assertThat(sdk.finishedSpans()).hasSize(1);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getName()).isEqualTo("execute_tool search");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getAttributes().get(TOOL_NAME)).isEqualTo("search");
    assertThat(span.getAttributes().get(OPERATION)).isEqualTo("execute_tool");
    assertThat(span.getAttributes().get(TOOL_TYPE)).isEqualTo("function");
    assertThat(span.getAttributes().get(CALL_ID)).isEqualTo("call-7");
    assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getParentSpanContext().isValid()).isFalse();

    Collection<MetricData> collected = sdk.collect();
    HistogramPointData point = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool.duration_ms", duration("search", "success"));
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getBoundaries()).containsExactlyElementsOf(
        ai.victor.otel.core.Metric.TOOL_DURATION.buckets());
    assertThat(TestTelemetry.sum(collected, "victor.tool.concurrent_executions",
        Attributes.of(TOOL, "search"))).isZero();
    assertThat(TestTelemetry.total(collected, "victor.otel.failures")).isZero();
  }

  @Test
  void aThrowingExecutionIsAnError() {
    TestTool tool = new TestTool("search");
    IllegalStateException failure = new IllegalStateException("tool broke");
    execute(calls, tool, null, failure);

    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "error")).getCount())
        .isEqualTo(1);
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "success"))).isNull();
    assertThat(concurrent("search")).isZero();
  }

  /**
   * The concurrency gauge is read as a gauge (Prometheus keeps no exemplar on one), so its adds
   * offer none: under a sampled span, the SDK's default filter would store one per add, work on
   * every tool call that nobody reads (docs/performance.md, the MCP elimination).
   */
  @Test
  void theConcurrencyGaugeCarriesNoExemplar() {
    Span parent = sdk.sdk.getTracer("test").spanBuilder("request").startSpan();
    try (io.opentelemetry.context.Scope ignored = parent.makeCurrent()) {
      execute(calls, new TestTool("search"), new ToolResult(false, "found"), null);
    } finally {
      parent.end();
    }
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.point(collected, "victor.tool.concurrent_executions",
        Attributes.of(TOOL, "search")).getExemplars()).isEmpty();
    assertThat(TestTelemetry.point(collected, "victor.tool.duration_ms",
        duration("search", "success")).getExemplars())
        .as("the duration keeps its exemplar: it links a slow bucket to its trace").isNotEmpty();
  }

  @Test
  void aTimeoutIsItsOwnStatus() {
    execute(calls, new TestTool("fetch"), null, new SocketTimeoutException("read timed out"));
    execute(calls, new TestTool("fetch"), null,
        new RuntimeException(new java.util.concurrent.TimeoutException()));
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("fetch", "timeout")).getCount())
        .isEqualTo(2);
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("fetch", "error"))).isNull();
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.net.SocketTimeoutException");
  }

  @Test
  void theFailedAccessorTurnsAReturnedFailureIntoAnError() {
    TestTool tool = new TestTool("search");
    execute(calls, tool, new ToolResult(true, "Error: no such file"), null);
    execute(calls, tool, new ToolResult(false, "fine"), null);

    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "error")).getCount())
        .isEqualTo(1);
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "success")).getCount())
        .isEqualTo(1);
    SpanData failed = sdk.finishedSpans().get(0);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getAttributes().get(ERROR_TYPE)).isEqualTo("tool_error");
    assertThat(failed.getEvents()).isEmpty();
    assertThat(sdk.finishedSpans().get(1).getStatus().getStatusCode())
        .isEqualTo(StatusCode.UNSET);
  }

  @Test
  void reEnteringTheSameInstanceIsRecordedOnce() {
    TestTool tool = new TestTool("search");
    Object outer = enter(calls, tool, "a", null);
    Object inner = enter(calls, tool, "a", null); // an override calling super.execute()
    assertThat(inner).isNull();
    assertThat(concurrent("search")).isEqualTo(1);
    exit(calls, inner, tool, new ToolResult(false, "x"), null, "a", null);
    exit(calls, outer, tool, new ToolResult(false, "x"), null, "a", null);

    assertThat(sdk.finishedSpans()).hasSize(1);
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "success")).getCount())
        .isEqualTo(1);
    assertThat(concurrent("search")).isZero();
  }

  @Test
  void aDifferentInstanceNestedIsAChildSpan() {
    TestTool agent = new TestTool("delegate");
    TestTool search = new TestTool("search");
    Object outer = enter(calls, agent, "a", null);
    Object inner = enter(calls, search, "b", null);
    assertThat(inner).isNotNull();
    assertThat(concurrent("delegate")).isEqualTo(1);
    assertThat(concurrent("search")).isEqualTo(1);
    exit(calls, inner, search, new ToolResult(false, "x"), null, "b", null);
    // After the inner call, the outer one is current again: a sibling would be its child too.
    Object sibling = enter(calls, new TestTool("read"), "c", null);
    exit(calls, sibling, new TestTool("read"), new ToolResult(false, "x"), null, "c", null);
    exit(calls, outer, agent, new ToolResult(false, "x"), null, "a", null);

    List<SpanData> spans = sdk.finishedSpans();
    assertThat(spans).extracting(SpanData::getName)
        .containsExactly("execute_tool search", "execute_tool read", "execute_tool delegate");
    SpanData parent = spans.get(2);
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(spans.get(1).getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(spans.get(0).getTraceId()).isEqualTo(parent.getTraceId());
    assertThat(concurrent("delegate")).isZero();
    assertThat(concurrent("search")).isZero();
  }

  @Test
  void contentIsNotCapturedByDefault() {
    execute(calls, new TestTool("search"), new ToolResult(false, "the result"), null);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(ARGUMENTS)).isNull();
    assertThat(span.getAttributes().get(RESULT)).isNull();
  }

  @Test
  void contentIsCapturedWhenEnabledAndTruncated() {
    TestTelemetry capturing = TestTelemetry.create(settings(
        "victor.otel.capture-message-content", "true", "victor.otel.content-max-length", "8"));
    ToolCalls capturingCalls = ToolCalls.create(capturing.telemetry);
    TestTool tool = new TestTool("search");
    Object call = enter(capturingCalls, tool, "0123456789abcdef", null);
    exit(capturingCalls, call, tool, new ToolResult(false, "short"), null, "0123456789abcdef",
        null);
    call = enter(capturingCalls, tool, "{}", null);
    exit(capturingCalls, call, tool, new ToolResult(false, "a much longer result"), null, "{}",
        null);

    List<SpanData> spans = capturing.finishedSpans();
    assertThat(spans.get(0).getAttributes().get(ARGUMENTS)).isEqualTo("01234567");
    assertThat(spans.get(0).getAttributes().get(RESULT)).isEqualTo("short");
    assertThat(spans.get(1).getAttributes().get(ARGUMENTS)).isEqualTo("{}");
    assertThat(spans.get(1).getAttributes().get(RESULT)).isEqualTo("a much l");
  }

  @Test
  void theToolIsNamedAfterItsClassByDefault() {
    execute(calls, new WebSearchTool(), "result", null);
    assertThat(sdk.finishedSpans().get(0).getName()).isEqualTo("execute_tool WebSearchTool");
    assertThat(sdk.histogram("victor.tool.duration_ms",
        duration("WebSearchTool", "success")).getCount()).isEqualTo(1);
  }

  @Test
  void toolNamesBeyondTheCardinalityLimitFoldIntoOther() {
    TestTelemetry capped = TestTelemetry.create(settings("victor.otel.cardinality.limit", "2"));
    ToolCalls cappedCalls = ToolCalls.create(capped.telemetry);
    for (String name : Arrays.asList("a", "b", "c", "d", "a")) {
      execute(cappedCalls, new TestTool(name), new ToolResult(false, "x"), null);
    }
    assertThat(capped.finishedSpans()).extracting(SpanData::getName).containsExactly(
        "execute_tool a", "execute_tool b", "execute_tool _other", "execute_tool _other",
        "execute_tool a");
    assertThat(capped.histogram("victor.tool.duration_ms", duration("a", "success")).getCount())
        .isEqualTo(2);
    assertThat(capped.histogram("victor.tool.duration_ms", duration("_other", "success"))
        .getCount()).isEqualTo(2);
    assertThat(capped.histogram("victor.tool.duration_ms", duration("c", "success"))).isNull();
  }

  @Test
  void toolNamedByItsArgument() {
    ArgNamedTool tool = new ArgNamedTool();
    Object call = enter(calls, tool, new Request("grep"), null);
    exit(calls, call, tool, "ok", null, new Request("grep"), null);
    assertThat(sdk.finishedSpans().get(0).getName()).isEqualTo("execute_tool grep");
  }

  @Test
  void aThrowingNameAccessorCountsAFailureAndTheCallIsRecordedUnderUnknown() {
    ArgNamedTool tool = new ArgNamedTool();
    Object call = enter(calls, tool, new Request(null), null);
    exit(calls, call, tool, "ok", null, new Request(null), null);
    assertThat(sdk.failures("tool")).isEqualTo(1);
    assertThat(sdk.finishedSpans()).extracting(SpanData::getName)
        .containsExactly("execute_tool unknown");
    assertThat(concurrent("unknown")).isZero();
    // The next call is named normally.
    execute(calls, tool, "ok", null);
    assertThat(sdk.failures("tool")).isEqualTo(1);
  }

  /**
   * A {@code failed} accessor that throws is the extension's failure: it is counted, and the
   * execution is still closed, or its span would never end and the in-progress gauge stay up.
   */
  @Test
  void aThrowingFailedAccessorStillEndsTheExecution() {
    TestTool tool = new TestTool("search");
    Object call = enter(calls, tool, "a", null);
    exit(calls, call, tool, new BrokenResult(), null, "a", null);

    assertThat(sdk.failures("tool")).isEqualTo(1);
    assertThat(concurrent("search")).as("in-progress gauge back to 0").isZero();
    assertThat(sdk.finishedSpans()).as("the span is ended").hasSize(1);
    // Only the failed value is lost: the execution counts as the success it was.
    assertThat(sdk.histogram("victor.tool.duration_ms", duration("search", "success")).getCount())
        .isEqualTo(1);
  }

  /** The same when the accessor that throws is read as the execution starts (call-id). */
  @Test
  void aThrowingCallIdAccessorDoesNotLeaveTheExecutionInProgress() {
    CallIdTool tool = new CallIdTool();
    Object call = enter(calls, tool, "a", new Invocation());
    exit(calls, call, tool, "ok", null, "a", new Invocation());

    assertThat(sdk.failures("tool")).isEqualTo(1);
    assertThat(concurrent("with-id")).as("in-progress gauge back to 0").isZero();
    assertThat(sdk.finishedSpans()).hasSize(1);
    assertThat(sdk.finishedSpans().get(0).getAttributes().get(CALL_ID)).isNull();
  }
}
