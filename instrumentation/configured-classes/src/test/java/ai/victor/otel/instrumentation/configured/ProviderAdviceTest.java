package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static ai.victor.otel.instrumentation.testing.Exported.histogramSum;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.ChatRequest;
import ai.victor.otel.instrumentation.configured.app.ChatResponse;
import ai.victor.otel.instrumentation.configured.app.EchoProvider;
import ai.victor.otel.instrumentation.configured.app.FlakyProvider;
import ai.victor.otel.instrumentation.configured.app.ProviderHttpException;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Target llm: the ChatProvider interface, provider=this.name(), model=arg0.model(), tokens from
 * result.usage().
 */
class ProviderAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  private static final String LATENCY = "victor.provider.latency_ms";
  private static final String ERRORS = "victor.provider.errors";
  private static final String TOKENS = "victor.provider.tokens";

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  private static long errors(String provider, String model, String errorType) {
    return counter(testing, ERRORS,
        attributes("provider", provider, "model", model, "error_type", errorType));
  }

  private static long tokens(String provider, String model, String tokenType) {
    return counter(testing, TOKENS,
        attributes("provider", provider, "model", model, "token_type", tokenType));
  }

  @Test
  void successfulCall() throws Exception {
    EchoProvider provider = new EchoProvider("openai", 12, 34);

    ChatResponse response = provider.complete(new ChatRequest("gpt-test", "hello"));

    assertThat(response).isSameAs(provider.lastResponse());
    ChatResponse.Usage usage = response.usage();
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("chat gpt-test")
            .hasKind(SpanKind.CLIENT)
            .hasNoParent()
            .hasStatus(StatusData.unset())
            .hasAttributesSatisfyingExactly(Exported.spanAttributes(
                equalTo(stringKey("gen_ai.operation.name"), "chat"),
                equalTo(stringKey("gen_ai.provider.name"), "openai"),
                equalTo(stringKey("gen_ai.request.model"), "gpt-test"),
                equalTo(stringKey("gen_ai.response.model"), response.model()),
                equalTo(stringArrayKey("gen_ai.response.finish_reasons"),
                    List.of(response.finishReason())),
                equalTo(longKey("gen_ai.usage.input_tokens"), (long) usage.inputTokens()),
                equalTo(longKey("gen_ai.usage.output_tokens"), usage.outputTokens())))));

    assertThat(histogramCount(testing, LATENCY, attributes("provider", "openai", "model", "gpt-test")))
        .isEqualTo(1);
    assertThat(tokens("openai", "gpt-test", "input")).isEqualTo(12);
    assertThat(tokens("openai", "gpt-test", "output")).isEqualTo(34);
    for (String errorType : new String[] {"timeout", "rate_limited", "server", "client", "other"}) {
      // error series exist from the first call, at zero
      assertThat(Exported.hasSeries(testing, ERRORS,
          attributes("provider", "openai", "model", "gpt-test", "error_type", errorType)))
          .as("error series %s", errorType).isTrue();
      assertThat(errors("openai", "gpt-test", errorType)).as(errorType).isZero();
    }
    // the GenAI semantic-convention instruments carry the same call
    assertThat(histogramCount(testing, "gen_ai.client.operation.duration",
        attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-test", "gen_ai.response.model", response.model())))
        .isEqualTo(1);
    assertThat(histogramSum(testing, "gen_ai.client.token.usage",
        attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-test", "gen_ai.response.model", response.model(),
            "gen_ai.token.type", "input")))
        .isEqualTo(12.0);
  }

  @Test
  void modelIsReadPerCallAndTokensAddUp() throws Exception {
    EchoProvider provider = new EchoProvider("openai", 100, 7);

    provider.complete(new ChatRequest("model-a", "1"));
    provider.complete(new ChatRequest("model-a", "2"));
    provider.complete(new ChatRequest("model-b", "3"));

    assertThat(histogramCount(testing, LATENCY, attributes("provider", "openai", "model", "model-a")))
        .isEqualTo(2);
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "openai", "model", "model-b")))
        .isEqualTo(1);
    assertThat(tokens("openai", "model-a", "input")).isEqualTo(200);
    assertThat(tokens("openai", "model-a", "output")).isEqualTo(14);
    assertThat(tokens("openai", "model-b", "input")).isEqualTo(100);
    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat model-a")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat model-a")),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat model-b")));
  }

  @Test
  void failuresAreClassifiedAndPropagateUnchanged() {
    ProviderHttpException rateLimited = new ProviderHttpException(429);
    ProviderHttpException serverError = new ProviderHttpException(500);
    SocketTimeoutException timeout = new SocketTimeoutException("read timed out");

    Throwable first = catchThrowable(() ->
        new FlakyProvider().failingWith(rateLimited).complete(new ChatRequest("m-err", "1")));
    Throwable second = catchThrowable(() ->
        new FlakyProvider().failingWith(serverError).complete(new ChatRequest("m-err", "2")));
    Throwable third = catchThrowable(() ->
        new FlakyProvider().failingWith(timeout).complete(new ChatRequest("m-err", "3")));

    assertThat(first).isSameAs(rateLimited);
    assertThat(second).isSameAs(serverError);
    assertThat(third).isSameAs(timeout);
    assertThat(errors("flaky", "m-err", "rate_limited")).isEqualTo(1);
    assertThat(errors("flaky", "m-err", "server")).isEqualTo(1);
    assertThat(errors("flaky", "m-err", "timeout")).isEqualTo(1);
    assertThat(errors("flaky", "m-err", "client")).isZero();
    assertThat(errors("flaky", "m-err", "other")).isZero();
    // failed calls are in the latency histogram too, and report no tokens
    assertThat(histogramCount(testing, LATENCY, attributes("provider", "flaky", "model", "m-err")))
        .isEqualTo(3);
    assertThat(Exported.hasSeries(testing, TOKENS,
        attributes("provider", "flaky", "model", "m-err", "token_type", "input"))).isFalse();
    assertTraces(testing,
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat m-err")
            .hasKind(SpanKind.CLIENT)
            .hasStatus(StatusData.error())
            .hasException(rateLimited)
            .hasAttributesSatisfying(equalTo(stringKey("error.type"), "rate_limited"),
                equalTo(stringKey("gen_ai.provider.name"), "flaky"))),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat m-err")
            .hasStatus(StatusData.error())
            .hasException(serverError)
            .hasAttributesSatisfying(equalTo(stringKey("error.type"), "server"))),
        trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat m-err")
            .hasStatus(StatusData.error())
            .hasException(timeout)
            .hasAttributesSatisfying(equalTo(stringKey("error.type"), "timeout"))));
  }
}
