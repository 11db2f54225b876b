package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.PlainSelector;
import ai.victor.otel.instrumentation.configured.app.Selection;
import ai.victor.otel.instrumentation.configured.app.Selector;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Targets selector (cache-type, hit and tool-count from the result) and plain-selector (no hit
 * accessor).
 */
class SelectorAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String LATENCY = "victor.tool_selection.latency_ms";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static long selections(String cacheType, String result) {
    return histogramCount(testing, LATENCY, attributes("cache_type", cacheType, "result", result));
  }

  @Test
  void selectionServedByACache() {
    Selection expected = new Selection("query", true, List.of("read_file", "grep", "shell"));

    Selection selection = new Selector(expected).select("find the bug");

    assertThat(selection).isSameAs(expected);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("select_tools")
            .hasKind(SpanKind.INTERNAL)
            .hasNoParent()
            .hasAttributesSatisfyingExactly(Exported.spanAttributes(
                equalTo(stringKey("victor.tool_selection.cache_type"), "query"),
                equalTo(longKey("victor.tool_selection.tool_count"), 3L)))));
    assertThat(selections("query", "hit")).isEqualTo(1);
    assertThat(selections("query", "miss")).isZero();
    assertThat(histogramCount(testing, "victor.tool_selection.tools", Attributes.empty()))
        .isEqualTo(1);
    assertThat(Exported.histogramSum(testing, "victor.tool_selection.tools", Attributes.empty()))
        .isEqualTo(3.0);
  }

  @Test
  void hitAccessorDecidesHitOrMiss() {
    new Selector(new Selection("context", false, List.of("grep"))).select("q1");
    new Selector(new Selection("context", true, List.of("grep"))).select("q2");
    new Selector(new Selection("context", false, List.of())).select("q3");

    assertThat(selections("context", "miss")).isEqualTo(2);
    assertThat(selections("context", "hit")).isEqualTo(1);
    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("select_tools")
            .hasAttribute(longKey("victor.tool_selection.tool_count"), 1L)),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("select_tools")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("select_tools")
            .hasAttribute(longKey("victor.tool_selection.tool_count"), 0L)));
  }

  @Test
  void withoutHitAccessorACacheTypeOtherThanNoneIsAHit() {
    new PlainSelector(new Selection("rl", false, List.of("a"))).select("q1");
    new PlainSelector(new Selection(null, true, List.of("a", "b"))).select("q2");

    assertThat(selections("rl", "hit")).isEqualTo(1);
    assertThat(selections("rl", "miss")).isZero();
    // no cache type: computed, reported as "none", a miss
    assertThat(selections("none", "miss")).isEqualTo(1);
    assertThat(selections("none", "hit")).isZero();
    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("select_tools")
            .hasAttribute(stringKey("victor.tool_selection.cache_type"), "rl")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("select_tools")
            .hasAttribute(stringKey("victor.tool_selection.cache_type"), "none")
            .hasAttribute(longKey("victor.tool_selection.tool_count"), 2L)));
  }
}
