package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.ChatRequest;
import ai.victor.otel.instrumentation.configured.app.EchoProvider;
import ai.victor.otel.instrumentation.configured.app.Selection;
import ai.victor.otel.instrumentation.configured.app.Selector;
import ai.victor.otel.instrumentation.configured.app.ToolResult;
import ai.victor.otel.instrumentation.configured.app.ToolRunner;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The spans of one request: selector, provider and tool under the application's own span. */
class NestingAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void selectorProviderAndToolSpansAreChildrenOfTheCurrentSpan() throws Exception {
    Selector selector = new Selector(new Selection("query", true, List.of("grep")));
    EchoProvider provider = new EchoProvider("openai", 1, 2);
    ToolRunner tools = new ToolRunner();

    ToolResult result = testing.runWithSpan("request", () -> {
      selector.select("find");
      provider.complete(new ChatRequest("gpt-nested", "find"));
      return tools.execute("grep", "TODO");
    });

    assertThat(result.isError()).isFalse();
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("request").hasNoParent(),
        span -> span.hasName("select_tools").hasKind(SpanKind.INTERNAL)
            .hasParent(trace.getSpan(0)),
        span -> span.hasName("chat gpt-nested").hasKind(SpanKind.CLIENT)
            .hasParent(trace.getSpan(0)),
        span -> span.hasName("execute_tool grep").hasKind(SpanKind.INTERNAL)
            .hasParent(trace.getSpan(0))));
  }

  @Test
  void spansEndWithTheirCallSoTheNextCallIsNotTheirChild() throws Exception {
    ToolRunner tools = new ToolRunner();

    testing.runWithSpan("request", () -> {
      tools.execute("first", "");
      tools.execute("second", "");
    });
    // and nothing is left current after the request
    tools.execute("after", "");

    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(
            span -> span.hasName("request").hasNoParent(),
            span -> span.hasName("execute_tool first").hasParent(trace.getSpan(0)),
            span -> span.hasName("execute_tool second").hasParent(trace.getSpan(0))),
        trace -> trace.hasSpansSatisfyingExactly(
            span -> span.hasName("execute_tool after").hasNoParent()));
  }
}
