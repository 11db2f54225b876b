package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.RetryingToolRunner;
import ai.victor.otel.instrumentation.configured.app.ToolResult;
import ai.victor.otel.instrumentation.configured.app.ToolRunner;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target tools: ToolRunner.execute(tool, args), tool name arg0, failed=result.isError(). */
class ToolAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String DURATION = "victor.tool.duration_ms";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static long executions(String tool, String status) {
    return histogramCount(testing, DURATION, attributes("tool", tool, "status", status));
  }

  private static void assertOnlyStatus(String tool, String status) {
    for (String other : new String[] {"success", "error", "timeout"}) {
      assertThat(executions(tool, other)).as("%s executions of %s", other, tool)
          .isEqualTo(other.equals(status) ? 1 : 0);
    }
  }

  @Test
  void successfulExecution() throws Exception {
    ToolResult expected = new ToolResult("3 files", false);
    ToolRunner runner = new ToolRunner().returning(expected);

    ToolResult result = runner.execute("search", "{\"q\":\"x\"}");

    assertThat(result).isSameAs(expected);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool search")
            .hasKind(SpanKind.INTERNAL)
            .hasNoParent()
            .hasStatus(StatusData.unset())
            .hasAttributesSatisfyingExactly(Exported.spanAttributes(
                equalTo(stringKey("gen_ai.operation.name"), "execute_tool"),
                equalTo(stringKey("gen_ai.tool.name"), "search"),
                equalTo(stringKey("gen_ai.tool.type"), "function")))));
    assertOnlyStatus("search", "success");
    // in progress while running, back to zero after
    assertThat(Exported.hasSeries(testing, "victor.tool.concurrent_executions",
        attributes("tool", "search"))).isTrue();
    assertThat(counter(testing, "victor.tool.concurrent_executions", attributes("tool", "search")))
        .isZero();
  }

  @Test
  void thrownExceptionIsAnErrorAndPropagatesUnchanged() {
    IllegalStateException failure = new IllegalStateException("tool crashed");
    ToolRunner runner = new ToolRunner().failingWith(failure);

    Throwable thrown = catchThrowable(() -> runner.execute("shell", "rm"));

    assertThat(thrown).isSameAs(failure);
    assertThat(thrown.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool shell")
            .hasKind(SpanKind.INTERNAL)
            .hasStatus(StatusData.error())
            .hasException(failure)
            .hasAttributesSatisfying(
                equalTo(stringKey("gen_ai.tool.name"), "shell"),
                equalTo(stringKey("gen_ai.operation.name"), "execute_tool"),
                equalTo(stringKey("error.type"), IllegalStateException.class.getName()))));
    assertOnlyStatus("shell", "error");
    assertThat(counter(testing, "victor.tool.concurrent_executions", attributes("tool", "shell")))
        .isZero();
  }

  @Test
  void thrownTimeoutIsATimeout() {
    TimeoutException failure = new TimeoutException("no answer in 30 s");
    ToolRunner runner = new ToolRunner().failingWith(failure);

    Throwable thrown = catchThrowable(() -> runner.execute("fetch", "https://example.test"));

    assertThat(thrown).isSameAs(failure);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool fetch")
            .hasStatus(StatusData.error())
            .hasException(failure)));
    assertOnlyStatus("fetch", "timeout");
  }

  @Test
  void softFailureInTheResultIsAnError() throws Exception {
    ToolResult expected = new ToolResult("error: no such file", true);
    ToolRunner runner = new ToolRunner().returning(expected);

    ToolResult result = runner.execute("read_file", "/nope");

    assertThat(result).isSameAs(expected);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool read_file")
            .hasStatus(StatusData.error())
            .hasTotalRecordedEvents(0)
            .hasAttributesSatisfying(equalTo(stringKey("gen_ai.tool.name"), "read_file"))));
    assertOnlyStatus("read_file", "error");
  }

  @Test
  void toolNameIsReadPerCall() throws Exception {
    ToolRunner runner = new ToolRunner();

    runner.execute("alpha", "");
    runner.execute("beta", "");
    runner.execute("alpha", "");

    assertThat(executions("alpha", "success")).isEqualTo(2);
    assertThat(executions("beta", "success")).isEqualTo(1);
    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("execute_tool alpha")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("execute_tool beta")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("execute_tool alpha")));
  }

  @Test
  void overrideCallingSuperIsOneExecution() throws Exception {
    RetryingToolRunner runner = new RetryingToolRunner();

    runner.execute("retrying", "");

    assertThat(runner.attempts()).isEqualTo(1);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool retrying").hasNoParent()));
    assertOnlyStatus("retrying", "success");
  }
}
