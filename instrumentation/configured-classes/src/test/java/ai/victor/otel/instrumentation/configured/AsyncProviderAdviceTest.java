package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static ai.victor.otel.instrumentation.testing.Exported.histogramSum;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.configured.app.ChatRequest;
import ai.victor.otel.instrumentation.configured.app.ChatResponse;
import ai.victor.otel.instrumentation.configured.app.DualRoleAgent;
import ai.victor.otel.instrumentation.configured.app.FutureProvider;
import ai.victor.otel.instrumentation.configured.app.MonoProvider;
import ai.victor.otel.instrumentation.testing.Exported;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Targets future-llm and mono-llm: provider methods whose answer arrives later. The call must be
 * timed to the completion, not to the method's return, and the tokens read from the completed
 * value (issue 13, item 6).
 */
class AsyncProviderAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String LATENCY = "victor.provider.latency_ms";
  private static final long DELAY_MS = 300;

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void aCompletableFutureIsTimedToItsCompletionAndItsValueGivesTheTokens() throws Exception {
    FutureProvider provider = new FutureProvider(DELAY_MS);

    CompletableFuture<ChatResponse> future = provider.complete(new ChatRequest("async-1", "hi"));

    assertThat(future).isSameAs(provider.lastFuture()); // the caller's own future, not a copy
    assertThat(future.get(10, TimeUnit.SECONDS).usage().inputTokens()).isEqualTo(21);
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("chat async-1").hasEnded()));
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "async", "model", "async-1")))
        .isEqualTo(1);
    assertThat(histogramSum(testing, LATENCY, attributes("provider", "async", "model", "async-1")))
        .isGreaterThanOrEqualTo(DELAY_MS);
    assertThat(tokens("async", "async-1", "input")).isEqualTo(21);
    assertThat(tokens("async", "async-1", "output")).isEqualTo(43);
  }

  @Test
  void aMonoIsTimedToItsCompletionAndItsValueGivesTheTokens() {
    MonoProvider provider = new MonoProvider(Duration.ofMillis(DELAY_MS));

    Mono<ChatResponse> mono = provider.complete(new ChatRequest("async-1", "hi"));
    ChatResponse response = mono.block(Duration.ofSeconds(10));

    assertThat(response.model()).isEqualTo("async-1");
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("chat async-1").hasEnded()));
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "async", "model", "async-1")))
        .isEqualTo(1);
    assertThat(histogramSum(testing, LATENCY, attributes("provider", "async", "model", "async-1")))
        .isGreaterThanOrEqualTo(DELAY_MS);
    assertThat(tokens("async", "async-1", "input")).isEqualTo(5);
    assertThat(tokens("async", "async-1", "output")).isEqualTo(8);
  }

  @Test
  void aCancelledMonoIsNeitherASuccessNorAnError() {
    MonoProvider provider = new MonoProvider(Duration.ofSeconds(30));

    Disposable subscription = provider.complete(new ChatRequest("async-1", "hi")).subscribe();
    subscription.dispose();

    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("chat async-1").hasAttribute(booleanKey("victor.cancelled"), true)));
    assertThat(histogramCount(testing, LATENCY,
        attributes("provider", "async", "model", "async-1"))).isZero();
  }

  private static long tokens(String provider, String model, String tokenType) {
    return counter(testing, "victor.provider.tokens",
        attributes("provider", provider, "model", model, "token_type", tokenType));
  }

  /** The advice of the three span roles is one: a class in two of them is told apart by method. */
  @Test
  void aClassInTwoSpanRolesGetsEachMethodsRole() {
    DualRoleAgent agent = new DualRoleAgent();

    assertThat(agent.complete(new ChatRequest("async-1", "hi")).model()).isEqualTo("async-1");
    assertThat(agent.run("x")).isEqualTo("ran x");

    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat async-1")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("execute_tool grep")));
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "async", "model", "async-1")))
        .isEqualTo(1);
    assertThat(histogramCount(testing, "victor.tool.duration_ms",
        attributes("tool", "grep", "status", "success"))).isEqualTo(1);
  }
}
