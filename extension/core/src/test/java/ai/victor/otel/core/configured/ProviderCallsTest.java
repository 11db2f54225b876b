package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.configured.ErrorClassifierTest.ApiException;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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

class ProviderCallsTest {
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("token_type");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");
  private static final AttributeKey<String> GENAI_OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> GENAI_PROVIDER =
      AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> GENAI_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> GENAI_TOKEN_TYPE =
      AttributeKey.stringKey("gen_ai.token.type");
  private static final AttributeKey<String> SEMCONV_ERROR = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  private static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");

  static class ChatRequest {
    private final String model;
    private final String prompt;

    ChatRequest(String model, String prompt) {
      this.model = model;
      this.prompt = prompt;
    }

    String model() {
      if (model == null) {
        throw new IllegalStateException("model() is broken");
      }
      return model;
    }

    String prompt() {
      return prompt;
    }
  }

  static class Usage {
    private final long input;
    private final long output;

    Usage(long input, long output) {
      this.input = input;
      this.output = output;
    }

    long inputTokens() {
      return input;
    }

    long outputTokens() {
      return output;
    }
  }

  static class ChatResponse {
    private final Usage usage;
    private final String text;

    ChatResponse(Usage usage, String text) {
      this.usage = usage;
      this.text = text;
    }

    Usage usage() {
      return usage;
    }

    String model() {
      return "gpt-4o-2024-08-06";
    }

    String finishReason() {
      return "stop";
    }

    String text() {
      return text;
    }
  }

  /** A response whose usage accessor throws: a broken accessor, not a failed call. */
  static class BrokenResponse extends ChatResponse {
    BrokenResponse() {
      super(null, "ok");
    }

    @Override
    Usage usage() {
      throw new IllegalStateException("usage() is broken");
    }
  }

  static class TestProvider {
    private final String vendor;

    TestProvider(String vendor) {
      this.vendor = vendor;
    }

    String vendor() {
      return vendor;
    }
  }

  /** Configured with defaults only: provider from the class name, no model. */
  static class PlainProvider {}

  private static List<String> settings(String... extra) {
    List<String> settings = new ArrayList<String>(Arrays.asList(
        "victor.otel.targets", "llm,plain"));
    settings.addAll(TestTelemetry.target("llm",
        "role", "provider",
        "type", TestProvider.class.getName(),
        "methods", "chat",
        "provider", "this.vendor()",
        "model", "arg0.model()",
        "input-tokens", "result.usage().inputTokens()",
        "output-tokens", "result.usage().outputTokens()",
        "response-model", "result.model()",
        "finish-reason", "result.finishReason()",
        "input-messages", "arg0.prompt()",
        "output-messages", "result.text()"));
    settings.addAll(TestTelemetry.target("plain",
        "role", "provider", "type", PlainProvider.class.getName(), "methods", "complete"));
    settings.addAll(Arrays.asList(extra));
    return settings;
  }

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final ProviderCalls calls = ProviderCalls.create(sdk.telemetry);

  private static void chat(ProviderCalls calls, Object provider, ChatRequest request,
      Object response, Throwable thrown) {
    Object call = calls.enter(provider.getClass(), provider, request, null, null, null);
    calls.exit(call, provider, response, thrown, request, null, null, null);
  }

  private void chat(Object provider, ChatRequest request, Object response, Throwable thrown) {
    chat(calls, provider, request, response, thrown);
  }

  private static Attributes victor(String provider, String model) {
    return Attributes.of(PROVIDER, provider, MODEL, model);
  }

  private static Attributes genai(String provider, String model) {
    return Attributes.of(GENAI_OPERATION, "chat", GENAI_PROVIDER, provider, GENAI_MODEL, model);
  }

  @Test
  void aSuccessfulCall() {
    TestProvider openai = new TestProvider("OpenAI");
    chat(openai, new ChatRequest("gpt-4o", "hello"), new ChatResponse(new Usage(12, 34), "hi"),
        null);
    chat(openai, new ChatRequest("gpt-4o", "again"), new ChatResponse(new Usage(100, 1), "ok"),
        null);

    List<SpanData> spans = sdk.finishedSpans();
    assertThat(spans).hasSize(2);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(GENAI_OPERATION)).isEqualTo("chat");
    assertThat(span.getAttributes().get(GENAI_PROVIDER)).isEqualTo("openai");
    assertThat(span.getAttributes().get(GENAI_MODEL)).isEqualTo("gpt-4o");
    assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
    assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(12L);
    assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(34L);
    assertThat(span.getAttributes().get(SEMCONV_ERROR)).isNull();
    assertThat(span.getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", TOKEN_TYPE, "input"))).isEqualTo(112);
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", TOKEN_TYPE, "output"))).isEqualTo(35);
    // The GenAI metrics carry the response model of successful calls.
    Attributes answered = genai("openai", "gpt-4o").toBuilder()
        .put(RESPONSE_MODEL, "gpt-4o-2024-08-06").build();
    HistogramPointData inputUsage = (HistogramPointData) TestTelemetry.point(collected,
        "gen_ai.client.token.usage", answered.toBuilder().put(GENAI_TOKEN_TYPE, "input").build());
    assertThat(inputUsage.getCount()).isEqualTo(2);
    assertThat(inputUsage.getSum()).isEqualTo(112);
    HistogramPointData outputUsage = (HistogramPointData) TestTelemetry.point(collected,
        "gen_ai.client.token.usage", answered.toBuilder().put(GENAI_TOKEN_TYPE, "output").build());
    assertThat(outputUsage.getSum()).isEqualTo(35);

    HistogramPointData latency = (HistogramPointData) TestTelemetry.point(collected,
        "victor.provider.latency_ms", victor("openai", "gpt-4o"));
    assertThat(latency.getCount()).isEqualTo(2);
    HistogramPointData duration = (HistogramPointData) TestTelemetry.point(collected,
        "gen_ai.client.operation.duration", answered);
    assertThat(duration.getCount()).isEqualTo(2);
    assertThat(duration.getSum()).isLessThan(latency.getSum()); // seconds vs milliseconds
    assertThat(TestTelemetry.total(collected, "victor.provider.errors")).isZero();
    assertThat(TestTelemetry.total(collected, "victor.otel.failures")).isZero();
  }

  @Test
  void failuresAreClassified() {
    TestProvider provider = new TestProvider("anthropic");
    ChatRequest request = new ChatRequest("claude", "hi");
    chat(provider, request, null, new ApiException(429));
    chat(provider, request, null, new ApiException(429));
    chat(provider, request, null, new SocketTimeoutException());
    chat(provider, request, null, new ApiException(503));
    chat(provider, request, null, new ApiException(400));
    chat(provider, request, null, new IllegalStateException());

    Collection<MetricData> collected = sdk.collect();
    String[][] expected = {{"rate_limited", "2"}, {"timeout", "1"}, {"server", "1"},
        {"client", "1"}, {"other", "1"}};
    for (String[] e : expected) {
      assertThat(TestTelemetry.sum(collected, "victor.provider.errors",
          Attributes.of(PROVIDER, "anthropic", MODEL, "claude", ERROR_TYPE, e[0])))
          .as(e[0]).isEqualTo(Long.parseLong(e[1]));
      HistogramPointData duration = (HistogramPointData) TestTelemetry.point(collected,
          "gen_ai.client.operation.duration",
          genai("anthropic", "claude").toBuilder().put(SEMCONV_ERROR, e[0]).build());
      assertThat(duration.getCount()).as(e[0]).isEqualTo(Long.parseLong(e[1]));
    }
    // Failed calls are calls: all six are in the latency histogram, none has tokens.
    assertThat(((HistogramPointData) TestTelemetry.point(collected, "victor.provider.latency_ms",
        victor("anthropic", "claude"))).getCount()).isEqualTo(6);
    assertThat(TestTelemetry.point(collected, "gen_ai.client.operation.duration",
        genai("anthropic", "claude"))).isNull();
    assertThat(TestTelemetry.total(collected, "victor.provider.tokens")).isZero();

    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(SEMCONV_ERROR)).isEqualTo("rate_limited");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(span.getAttributes().get(INPUT_TOKENS)).isNull();
  }

  @Test
  void aResponseWithoutUsageRecordsNoTokens() {
    chat(new TestProvider("openai"), new ChatRequest("gpt-4o", "hi"),
        new ChatResponse(null, "hi"), null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.total(collected, "victor.provider.tokens")).isZero();
    assertThat(TestTelemetry.metric(collected, "gen_ai.client.token.usage")).isNull();
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void defaultsNameTheProviderAfterItsClassAndTheModelUnknown() {
    PlainProvider provider = new PlainProvider();
    Object call = calls.enter(PlainProvider.class, provider, "prompt", null, null, null);
    calls.exit(call, provider, "completion", null, "prompt", null, null, null);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getName()).isEqualTo("chat unknown");
    assertThat(span.getAttributes().get(GENAI_PROVIDER)).isEqualTo("plainprovider");
    assertThat(span.getAttributes().get(GENAI_MODEL)).isEqualTo("unknown");
    assertThat(sdk.histogram("victor.provider.latency_ms", victor("plainprovider", "unknown"))
        .getCount()).isEqualTo(1);
  }

  @Test
  void contentIsCapturedOnlyWhenEnabledAndTruncated() {
    TestTelemetry capturing = TestTelemetry.create(settings(
        "victor.otel.capture-message-content", "true", "victor.otel.content-max-length", "5"));
    ProviderCalls capturingCalls = ProviderCalls.create(capturing.telemetry);
    chat(capturingCalls, new TestProvider("openai"), new ChatRequest("gpt-4o", "hello world"),
        new ChatResponse(new Usage(1, 1), "hi"), null);
    SpanData span = capturing.finishedSpans().get(0);
    // The GenAI conventions' structured form, the content cut to the configured length.
    assertThat(span.getAttributes().get(INPUT_MESSAGES))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\"}]}]");
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]");
  }

  @Test
  void providerModelPairsBeyondTheLimitFoldIntoOther() {
    TestTelemetry capped = TestTelemetry.create(settings("victor.otel.cardinality.limit", "1"));
    ProviderCalls cappedCalls = ProviderCalls.create(capped.telemetry);
    TestProvider openai = new TestProvider("openai");
    chat(cappedCalls, openai, new ChatRequest("gpt-4o", "a"), null, null);
    chat(cappedCalls, openai, new ChatRequest("gpt-4o-mini", "b"), null, null);
    chat(cappedCalls, openai, new ChatRequest("gpt-4o", "c"), null, null);
    assertThat(capped.histogram("victor.provider.latency_ms", victor("openai", "gpt-4o"))
        .getCount()).isEqualTo(2);
    assertThat(capped.histogram("victor.provider.latency_ms", victor("_other", "_other"))
        .getCount()).isEqualTo(1);
    assertThat(capped.histogram("victor.provider.latency_ms", victor("openai", "gpt-4o-mini")))
        .isNull();
  }

  @Test
  void aThrowingModelAccessorCountsAFailureAndTheCallIsRecordedUnderUnknown() {
    TestProvider provider = new TestProvider("openai");
    ChatRequest broken = new ChatRequest(null, "x");
    Object call = calls.enter(TestProvider.class, provider, broken, null, null, null);
    calls.exit(call, provider, new ChatResponse(new Usage(1, 2), "y"), null, broken, null, null,
        null);
    assertThat(sdk.failures("provider")).isEqualTo(1);
    assertThat(sdk.failures("tool")).isZero();
    assertThat(sdk.finishedSpans()).extracting(SpanData::getName).containsExactly("chat unknown");
    assertThat(sdk.histogram("victor.provider.latency_ms", victor("openai", "unknown"))
        .getCount()).isEqualTo(1);
  }

  /**
   * A token accessor that throws is counted as the extension's failure, and costs only its own
   * value: the call is still recorded and its span ended.
   */
  @Test
  void aThrowingTokenAccessorStillEndsTheCall() {
    chat(new TestProvider("openai"), new ChatRequest("gpt-4o", "x"), new BrokenResponse(), null);

    // input-tokens and output-tokens both read the broken usage(): two failures.
    assertThat(sdk.failures("provider")).isEqualTo(2);
    assertThat(sdk.finishedSpans()).as("the span is ended").hasSize(1);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(sdk.histogram("victor.provider.latency_ms", victor("openai", "gpt-4o")).getCount())
        .as("the call is counted").isEqualTo(1);
    assertThat(TestTelemetry.total(sdk.collect(), "victor.provider.tokens")).isZero();
  }
}
