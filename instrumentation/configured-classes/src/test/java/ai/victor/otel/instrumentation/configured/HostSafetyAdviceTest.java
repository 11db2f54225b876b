package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.ChatRequest;
import ai.victor.otel.instrumentation.configured.app.NullProvider;
import ai.victor.otel.instrumentation.configured.app.RecursiveToolRunner;
import ai.victor.otel.instrumentation.configured.app.TestCache;
import ai.victor.otel.instrumentation.configured.app.ToolResult;
import ai.victor.otel.instrumentation.configured.app.ToolRunner;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host's view of instrumented calls is unchanged by odd results and call shapes: nulls,
 * recursion, huge arguments and results, errors; nothing is counted twice and nothing fails on
 * our side (each test ends by checking that {@code victor.otel.failures} stayed at zero).
 */
class HostSafetyAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @BeforeAll
  static void registerCacheInstruments() {
    CacheInstruments.register();
  }

  private static final String DURATION = "victor.tool.duration_ms";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void toolReturningNullIsOneSuccessAndTheNullReachesTheCaller() throws Exception {
    ToolResult result = new ToolRunner().returning(null).execute("nullish", "{}");

    assertThat(result).isNull();
    assertThat(histogramCount(testing, DURATION, attributes("tool", "nullish", "status", "success")))
        .isEqualTo(1);
    assertThat(histogramCount(testing, DURATION, attributes("tool", "nullish", "status", "error")))
        .isZero();
  }

  @Test
  void providerReturningNullIsOneCallWithoutTokens() throws Exception {
    assertThat(new NullProvider().complete(new ChatRequest("m-null", "hi"))).isNull();

    assertThat(histogramCount(testing, "victor.provider.latency_ms",
        attributes("provider", "null-provider", "model", "m-null"))).isEqualTo(1);
    assertThat(Exported.hasSeries(testing, "victor.provider.tokens",
        attributes("provider", "null-provider", "model", "m-null", "token_type", "input")))
        .isFalse();
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("chat m-null").hasStatus(StatusData.unset())));
  }

  @Test
  void recursionOnTheSameInstanceIsOneExecutionAndOneSpan() throws Exception {
    RecursiveToolRunner runner = new RecursiveToolRunner(50);

    runner.execute("recursive", "");

    assertThat(runner.calls()).isEqualTo(51);
    assertThat(histogramCount(testing, DURATION,
        attributes("tool", "recursive", "status", "success"))).isEqualTo(1);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool recursive").hasNoParent()));
    assertThat(counter(testing, "victor.tool.concurrent_executions",
        attributes("tool", "recursive"))).isZero();
  }

  @Test
  void hugeArgumentsAndResultsPassThroughUntouchedAndUnrecorded() throws Exception {
    String huge = "x".repeat(8 * 1024 * 1024);
    ToolResult expected = new ToolResult(huge, false);

    ToolResult result = new ToolRunner().returning(expected).execute("huge", huge);

    assertThat(result).isSameAs(expected);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool huge").satisfies(data -> assertThat(
            data.getAttributes().asMap().values()).noneMatch(v -> v.toString().length() > 1000))));
  }

  @Test
  void aCacheLookupThatThrowsAnErrorPropagatesTheSameError() {
    StackOverflowError error = new StackOverflowError("deep");
    TestCache cache = new TestCache("errors", 4) {
      @Override
      public Object get(String key) {
        throw error;
      }
    };

    Throwable thrown = catchThrowable(() -> cache.get("k"));

    assertThat(thrown).isSameAs(error);
    assertThat(thrown.getStackTrace()).isEqualTo(error.getStackTrace());
    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "errors", "operation", "miss"))).isZero();
  }
}
