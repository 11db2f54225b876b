package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.core.Warnings;
import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.RateLimits;
import ai.victor.otel.core.recording.Recorders.AgentRecorder;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import ai.victor.otel.core.recording.TokenUsage;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorder API every provider and agent path calls ({@code ProviderCall}, {@code
 * AgentInvocation}): tokens by kind with "not reported" apart from 0, cost at each kind's own
 * price, unpriced tokens, time to first chunk, retries, rate limits, tenants, per-invocation
 * counts and repeated tool calls.
 */
class ProviderCallTest {
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("token_type");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");
  private static final AttributeKey<String> CURRENCY = AttributeKey.stringKey("currency");
  private static final AttributeKey<String> LIMIT_TYPE = AttributeKey.stringKey("limit_type");
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
  private static final AttributeKey<String> AGENT = AttributeKey.stringKey("agent");

  private static final String[] PRICES = {
    "victor.otel.pricing.openai.gpt-4o.input", "2.5",
    "victor.otel.pricing.openai.gpt-4o.output", "10",
    "victor.otel.pricing.openai.gpt-4o.cache-read", "1.25",
    "victor.otel.pricing.openai.gpt-4o.cache-write", "3.75",
    "victor.otel.pricing.openai.gpt-4o.reasoning", "10",
    "victor.otel.pricing.openai.gpt-4o-mini.input", "0.15",
    "victor.otel.pricing.openai.gpt-4o-mini.output", "0.6",
    "victor.otel.pricing.currency", "EUR",
    "victor.otel.pricing.daily-budget", "25"};

  private static Attributes tokens(String model, String type) {
    return Attributes.of(PROVIDER, "openai", MODEL, model, TOKEN_TYPE, type);
  }

  private static double doubleSum(Collection<MetricData> collected, String name,
      Attributes attributes) {
    Object point = TestTelemetry.point(collected, name, attributes);
    return point == null ? Double.NaN : ((DoublePointData) point).getValue();
  }

  @Test
  void tokensByKindAndNotReportedRecordsNothingWhereZeroRecordsZero() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderRecorder recorder = sdk.telemetry.providerRecorder("openai", "gpt-4o");
    recorder.start(Context.root()).end(TokenUsage.of(1000, 200, 600, 0, 50), null, null);
    ProviderRecorder plain = sdk.telemetry.providerRecorder("openai", "plain");
    plain.start(Context.root()).end(TokenUsage.of(10, 20), null, null);

    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens", tokens("gpt-4o", "input")))
        .isEqualTo(1000);
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        tokens("gpt-4o", "cache_read"))).isEqualTo(600);
    assertThat(TestTelemetry.point(collected, "victor.provider.tokens",
        tokens("gpt-4o", "cache_write"))).as("a reported 0 is a series").isNotNull();
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        tokens("gpt-4o", "reasoning"))).isEqualTo(50);
    assertThat(TestTelemetry.point(collected, "victor.provider.tokens",
        tokens("plain", "cache_read"))).as("not reported is no series, not 0").isNull();
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(AttributeKey.longKey(
        "gen_ai.usage.cache_read.input_tokens"))).isEqualTo(600L);
    assertThat(span.getAttributes().get(AttributeKey.longKey(
        "gen_ai.usage.cache_write.input_tokens"))).isEqualTo(0L);
    assertThat(span.getAttributes().get(AttributeKey.longKey(
        "gen_ai.usage.reasoning.output_tokens"))).isEqualTo(50L);
    assertThat(sdk.finishedSpans().get(1).getAttributes().get(AttributeKey.longKey(
        "gen_ai.usage.cache_read.input_tokens"))).isNull();
    assertThat(TestTelemetry.metric(collected, "victor.provider.cost"))
        .as("no prices, no cost").isNull();
  }

  @Test
  void uncachedInputApisAddTheCacheKindsToTheInput() {
    TokenUsage usage = TokenUsage.ofUncachedInput(100, 20, 900, 50, -1);
    assertThat(usage.input()).isEqualTo(1050);
    assertThat(usage.cacheRead()).isEqualTo(900);
    assertThat(usage.reasoning()).isEqualTo(TokenUsage.NOT_REPORTED);
    assertThat(TokenUsage.count(null)).isEqualTo(TokenUsage.NOT_REPORTED);
    assertThat(TokenUsage.ofUncachedInput(-1, 5, 10, 10, 1).input())
        .isEqualTo(TokenUsage.NOT_REPORTED);
  }

  /** The shapes of the provider-specific usage objects UsageDetails reads. */
  public static final class OpenAiUsage {
    public Details promptTokensDetails() {
      return new Details();
    }

    public java.util.Optional<Details> completionTokensDetails() {
      return java.util.Optional.of(new Details());
    }
  }

  public static final class Details {
    public Integer cachedTokens() {
      return 64;
    }

    public java.util.Optional<Long> reasoningTokens() {
      return java.util.Optional.of(12L);
    }
  }

  public static final class AnthropicUsage {
    public Integer cacheReadInputTokens() {
      return 900;
    }

    public Integer cacheCreationInputTokens() {
      return null;
    }
  }

  public static final class GeminiUsage {
    public Integer thoughtsTokenCount() {
      return 30;
    }

    public java.util.Optional<Integer> cachedContentTokenCount() {
      return java.util.Optional.empty();
    }
  }

  @Test
  void usageDetailsOfTheProviderShapes() {
    TokenUsage openai = ai.victor.otel.core.recording.UsageDetails.read(100, 40,
        new OpenAiUsage());
    assertThat(openai.input()).isEqualTo(100);
    assertThat(openai.cacheRead()).isEqualTo(64);
    assertThat(openai.reasoning()).isEqualTo(12);
    assertThat(openai.cacheWrite()).isEqualTo(TokenUsage.NOT_REPORTED);
    TokenUsage anthropic = ai.victor.otel.core.recording.UsageDetails.read(100, 40,
        new AnthropicUsage());
    assertThat(anthropic.input()).as("Anthropic counts cached input apart").isEqualTo(1000);
    assertThat(anthropic.cacheRead()).isEqualTo(900);
    assertThat(anthropic.cacheWrite()).isEqualTo(TokenUsage.NOT_REPORTED);
    TokenUsage gemini = ai.victor.otel.core.recording.UsageDetails.read(100, 40,
        new GeminiUsage());
    assertThat(gemini.output()).as("Gemini counts thoughts apart").isEqualTo(70);
    assertThat(gemini.reasoning()).isEqualTo(30);
    assertThat(gemini.cacheRead()).isEqualTo(TokenUsage.NOT_REPORTED);
    TokenUsage plain = ai.victor.otel.core.recording.UsageDetails.read(5, 6, "no details");
    assertThat(plain.cacheRead()).isEqualTo(TokenUsage.NOT_REPORTED);
    assertThat(plain.input()).isEqualTo(5);
  }

  @Test
  void eachKindIsPricedAtItsOwnRate() {
    TestTelemetry sdk = TestTelemetry.create(PRICES);
    ProviderCall call = sdk.telemetry.providerRecorder("openai", "gpt-4o").start(Context.root());
    // 1000 input of which 600 read from and 100 written to the cache; 200 output, 50 reasoning.
    call.end(TokenUsage.of(1000, 200, 600, 100, 50), null, null);

    // 300 x 2.5 + 150 x 10 + 600 x 1.25 + 100 x 3.75 + 50 x 10, per million tokens
    double expected = (300 * 2.5 + 150 * 10 + 600 * 1.25 + 100 * 3.75 + 50 * 10) / 1e6;
    Collection<MetricData> collected = sdk.collect();
    assertThat(doubleSum(collected, "victor.provider.cost",
        Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", CURRENCY, "EUR")))
        .isCloseTo(expected, within(1e-12));
    assertThat(expected).as("not the plain-input pricing of cached tokens")
        .isNotCloseTo((1000 * 2.5 + 200 * 10) / 1e6, within(1e-9));
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("victor.cost")))
        .isCloseTo(expected, within(1e-12));
    assertThat(span.getAttributes().get(AttributeKey.stringKey("victor.cost.currency")))
        .isEqualTo("EUR");
    assertThat(TestTelemetry.metric(collected, "victor.provider.unpriced_tokens")).isNull();
    assertThat(TestTelemetry.gauge(collected, "victor.provider.cost.daily_budget",
        Attributes.of(CURRENCY, "EUR"))).isEqualTo(25.0);
  }

  @Test
  void aKindWithoutAPriceIsCountedAsUnpricedAndWarnedOncePerModel() {
    TestTelemetry sdk = TestTelemetry.create(PRICES);
    try (Warnings warnings = Warnings.capture()) {
      ProviderRecorder mini = sdk.telemetry.providerRecorder("openai", "gpt-4o-mini");
      mini.start(Context.root()).end(TokenUsage.of(1000, 100, 400, -1, -1), null, null);
      mini.start(Context.root()).end(TokenUsage.of(1000, 100, 400, -1, -1), null, null);
      ProviderRecorder unknown = sdk.telemetry.providerRecorder("openai", "o9");
      unknown.start(Context.root()).end(TokenUsage.of(7, 3), null, null);

      Collection<MetricData> collected = sdk.collect();
      assertThat(TestTelemetry.sum(collected, "victor.provider.unpriced_tokens",
          tokens("gpt-4o-mini", "cache_read"))).isEqualTo(800);
      // The cached tokens are not priced as input: 600 uncached input and 100 output per call.
      assertThat(doubleSum(collected, "victor.provider.cost",
          Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o-mini", CURRENCY, "EUR")))
          .isCloseTo(2 * (600 * 0.15 + 100 * 0.6) / 1e6, within(1e-12));
      assertThat(TestTelemetry.sum(collected, "victor.provider.unpriced_tokens",
          tokens("o9", "input"))).isEqualTo(7);
      assertThat(TestTelemetry.sum(collected, "victor.provider.unpriced_tokens",
          tokens("o9", "output"))).isEqualTo(3);
      assertThat(doubleSum(collected, "victor.provider.cost",
          Attributes.of(PROVIDER, "openai", MODEL, "o9", CURRENCY, "EUR")))
          .as("a model with no price has no cost series (not a cost of 0)").isNaN();
      assertThat(warnings.messages()).hasSize(2);
      assertThat(warnings.messages().get(0)).contains("gpt-4o-mini",
          "victor.otel.pricing.openai.gpt-4o-mini.cache-read", "never priced at another rate");
      assertThat(warnings.messages().get(1)).contains("'o9'",
          "victor.otel.pricing.openai.o9.input");
    }
  }

  @Test
  void badPricesAreReportedAndSkipped() {
    TestTelemetry sdk = TestTelemetry.create("victor.otel.pricing.openai.gpt-4o.input", "cheap",
        "victor.otel.pricing.openai.gpt-4o.inptu", "1", "victor.otel.pricing.gpt-4o.input", "1",
        "victor.otel.pricing.openai.gpt-4o.output", "10");
    assertThat(sdk.config.problems()).hasSize(3);
    assertThat(sdk.config.problems()).anySatisfy(p -> assertThat(p).contains(
        "victor.otel.pricing.openai.gpt-4o.input=cheap", "non-negative decimal price"));
    assertThat(sdk.config.problems()).anySatisfy(p -> assertThat(p).contains("inptu",
        "input, output, cache-read, cache-write, reasoning"));
    assertThat(sdk.config.pricing().rates("openai", "gpt-4o")[1]).isEqualTo(10.0);
  }

  @Test
  void chunksTimeTheFirstAndTheRestOfAStream() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderRecorder recorder = sdk.telemetry.providerRecorder("openai", "gpt-4o");
    ProviderCall streamed = recorder.start(Context.root());
    streamed.chunk();
    streamed.chunk();
    streamed.chunk();
    streamed.end(TokenUsage.of(1, 1), null, null);
    streamed.chunk(); // after the end: ignored
    recorder.start(Context.root()).end(TokenUsage.of(1, 1), null, null);

    Attributes genai = Attributes.builder().put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai").put("gen_ai.request.model", "gpt-4o").build();
    HistogramPointData first = sdk.histogram("gen_ai.client.operation.time_to_first_chunk",
        genai);
    assertThat(first.getCount()).isEqualTo(1);
    assertThat(sdk.histogram("gen_ai.client.operation.time_per_output_chunk", genai).getCount())
        .isEqualTo(2);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream")))
        .isTrue();
    assertThat(span.getAttributes().get(AttributeKey.doubleKey(
        "gen_ai.response.time_to_first_chunk"))).isEqualTo(first.getSum());
    assertThat(sdk.finishedSpans().get(1).getAttributes().get(
        AttributeKey.booleanKey("gen_ai.request.stream"))).isNull();
  }

  /**
   * A path that reads every response's rate-limit headers through one reader ({@link
   * RateLimits.HeaderReader}: the provider SDK modules' HTTP attempts) allocates nothing for it
   * beyond what the gauges themselves allocate, and records the same values.
   */
  @Test
  void rateLimitHeadersReadThroughOneReaderAllocateNothingBeyondTheGauges() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderCall call = sdk.telemetry.providerRecorder("openai", "gpt-4o").start(Context.root());
    Map<String, String> response = new HashMap<>();
    response.put("x-ratelimit-limit-requests", "500");
    response.put("x-ratelimit-remaining-requests", "499");
    response.put("x-ratelimit-limit-tokens", "30000");
    response.put("x-ratelimit-remaining-tokens", "29950");
    RateLimits.HeaderReader<Map<String, String>> reader = Map::get;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int calls = 100_000;
    double gauges = 0;
    double headers = 0;
    for (int round = 0; round < 3; round++) { // the last round, compiled, counts
      long bytes = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        call.rateLimits(500, 499, 30000, 29950);
      }
      gauges = (double) (threads.getThreadAllocatedBytes(thread) - bytes) / calls;
      bytes = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        RateLimits.record(call, response, reader);
      }
      headers = (double) (threads.getThreadAllocatedBytes(thread) - bytes) / calls;
    }
    call.end(TokenUsage.NONE, null, null);
    assertThat(headers - gauges).as("bytes per response beyond the gauges' %s", gauges)
        .isLessThan(1.0);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.remaining",
        Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", LIMIT_TYPE, "tokens")))
        .isEqualTo(29950.0);
  }

  @Test
  void retriesAndRateLimitHeaders() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderRecorder recorder = sdk.telemetry.providerRecorder("openai", "gpt-4o");
    ProviderCall call = recorder.start(Context.root());
    call.retry();
    call.retry();
    Map<String, Object> headers = new HashMap<>();
    headers.put("X-RateLimit-Limit-Requests", Arrays.asList("500"));
    headers.put("x-ratelimit-remaining-requests", "42");
    headers.put("x-ratelimit-limit-tokens", 30000);
    headers.put("x-ratelimit-remaining-tokens", "not a number");
    RateLimits.record(call, RateLimits.of(headers));
    call.end(TokenUsage.NONE, null, null);
    ProviderCall anthropic = sdk.telemetry.providerRecorder("anthropic", "claude")
        .start(Context.root());
    Map<String, String> anthropicHeaders = new HashMap<>();
    anthropicHeaders.put("anthropic-ratelimit-tokens-remaining", "1000");
    anthropicHeaders.put("anthropic-ratelimit-tokens-limit", "80000");
    RateLimits.record(anthropic, anthropicHeaders::get);
    anthropic.end(TokenUsage.NONE, null, null);

    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.provider.retries",
        Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o"))).isEqualTo(2);
    assertThat(sdk.finishedSpans().get(0).getAttributes().get(
        AttributeKey.longKey("victor.provider.retries"))).isEqualTo(2L);
    Attributes requests = Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", LIMIT_TYPE,
        "requests");
    Attributes openaiTokens = Attributes.of(PROVIDER, "openai", MODEL, "gpt-4o", LIMIT_TYPE,
        "tokens");
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.limit", requests))
        .isEqualTo(500.0);
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.remaining", requests))
        .isEqualTo(42.0);
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.limit", openaiTokens))
        .isEqualTo(30000.0);
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.remaining",
        openaiTokens)).as("a malformed value is not reported").isNull();
    Attributes anthropicTokens = Attributes.of(PROVIDER, "anthropic", MODEL, "claude",
        LIMIT_TYPE, "tokens");
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.remaining",
        anthropicTokens)).isEqualTo(1000.0);
  }

  @Test
  void tenantsFromBaggageAreCappedAndOffByDefault() {
    TestTelemetry sdk = TestTelemetry.create("victor.otel.tenant.enabled", "true",
        "victor.otel.tenant.limit", "2");
    ProviderRecorder recorder = sdk.telemetry.providerRecorder("openai", "gpt-4o");
    for (String tenant : new String[] {"acme", "globex", "initech", "acme"}) {
      Context context = Context.root().with(Baggage.builder().put("tenant", tenant).build());
      recorder.start(context).end(TokenUsage.of(10, 1), null, null);
    }
    recorder.start(Context.root()).end(TokenUsage.of(10, 1), "server", null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        tokens("gpt-4o", "input").toBuilder().put(TENANT, "acme").build())).isEqualTo(20);
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        tokens("gpt-4o", "input").toBuilder().put(TENANT, "globex").build())).isEqualTo(10);
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        tokens("gpt-4o", "input").toBuilder().put(TENANT, "_other").build()))
        .as("initech, past the cap, and the call without a tenant").isEqualTo(20);
    assertThat(TestTelemetry.sum(collected, "victor.provider.errors",
        Attributes.builder().put(PROVIDER, "openai").put(MODEL, "gpt-4o")
            .put("error_type", "server").put(TENANT, "_other").build()))
        .as("a call without a tenant is 'unknown', past the cap of 2").isEqualTo(1);
    assertThat(TestTelemetry.nonZero(collected, "victor.provider.tokens", TENANT))
        .containsExactlyInAnyOrder("acme", "globex", "_other");
    assertThat(sdk.finishedSpans().get(0).getAttributes().get(
        AttributeKey.stringKey("victor.tenant"))).isEqualTo("acme");

    TestTelemetry off = TestTelemetry.create();
    off.telemetry.providerRecorder("openai", "gpt-4o").start(Context.root()
        .with(Baggage.builder().put("tenant", "acme").build())).end(TokenUsage.of(1, 1), null,
        null);
    assertThat(off.sum("victor.provider.tokens", tokens("gpt-4o", "input"))).isEqualTo(1);
  }

  @Test
  void theResponseModelAndServerGoOnTheGenAiMetrics() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderCall call = sdk.telemetry.providerRecorder("openai", "gpt-4o", "api.openai.com", 443)
        .start(Context.root());
    call.responseModel("gpt-4o-2024-08-06");
    call.end(TokenUsage.of(5, 6), null, null);
    Attributes duration = Attributes.builder().put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai").put("gen_ai.request.model", "gpt-4o")
        .put("server.address", "api.openai.com").put("server.port", 443L)
        .put("gen_ai.response.model", "gpt-4o-2024-08-06").build();
    assertThat(sdk.histogram("gen_ai.client.operation.duration", duration).getCount())
        .isEqualTo(1);
    assertThat(sdk.histogram("gen_ai.client.token.usage", duration.toBuilder()
        .put("gen_ai.token.type", "output").build()).getSum()).isEqualTo(6);
    assertThat(sdk.finishedSpans().get(0).getAttributes().get(
        AttributeKey.stringKey("server.address"))).isEqualTo("api.openai.com");
  }

  /**
   * An SDK's HTTP attempt reports the server on every call; when the call's recorder was made for
   * that server its span already carries it, so the report allocates nothing (it boxed the port and
   * set both attributes again); another server is still recorded.
   */
  @Test
  void theServerTheRecorderAlreadyHasAllocatesNothingAndAnotherOneIsRecorded() {
    TestTelemetry sdk = TestTelemetry.create();
    ProviderCall call = sdk.telemetry.providerRecorder("openai", "gpt-4o", "api.openai.com", 8443)
        .start(Context.root());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      call.server("api.openai.com", 8443);
    }
    int calls = 200_000;
    long bytes = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      call.server("api.openai.com", 8443);
    }
    bytes = threads.getThreadAllocatedBytes(thread) - bytes;
    assertThat((double) bytes / calls).as("bytes per server report").isLessThan(0.5);

    call.server("eu.api.openai.com", 9443);
    call.end(TokenUsage.of(5, 6), null, null);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("eu.api.openai.com");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(9443L);
    assertThat(sdk.histogram("gen_ai.client.operation.duration", Attributes.builder()
        .put("gen_ai.operation.name", "chat").put("gen_ai.provider.name", "openai")
        .put("gen_ai.request.model", "gpt-4o").put("server.address", "eu.api.openai.com")
        .put("server.port", 9443L).build()).getCount()).isEqualTo(1);
  }

  @Test
  void anInvocationCountsTheCallsBeneathItAndRepeatedToolCalls() {
    TestTelemetry sdk = TestTelemetry.create();
    AgentRecorder agent = sdk.telemetry.agentRecorder("TravelAssistant");
    ProviderRecorder model = sdk.telemetry.providerRecorder("openai", "gpt-4o");
    ToolRecorder weather = sdk.telemetry.toolRecorder("weather");
    AgentInvocation invocation = agent.start(Context.root());
    invocation.conversationId("conversation-7");
    Context inside = invocation.context();
    for (int round = 0; round < 3; round++) {
      model.start(inside).end(TokenUsage.of(1, 1), null, null);
      Span tool = weather.start(inside, "function", "{\"city\":\"Paris\"}");
      weather.end(tool, 1_000, "success", null);
    }
    Span other = weather.start(inside, "function", "{\"city\":\"Rome\"}");
    weather.end(other, 1_000, "success", null);
    Span unknownArguments = weather.start(inside, "function");
    weather.end(unknownArguments, 1_000, "success", null);
    // A sub-agent: its calls are its own.
    AgentInvocation sub = sdk.telemetry.agentRecorder("Researcher").start(inside);
    model.start(sub.context()).end(TokenUsage.of(1, 1), null, null);
    sub.end(null);
    invocation.end(null);
    model.start(Context.root()).end(TokenUsage.of(1, 1), null, null); // outside any invocation

    Collection<MetricData> collected = sdk.collect();
    HistogramPointData modelCalls = sdk.histogram("victor.agent.model_calls",
        Attributes.of(AGENT, "TravelAssistant"));
    assertThat(modelCalls.getCount()).isEqualTo(1);
    assertThat(modelCalls.getSum()).isEqualTo(3);
    assertThat(sdk.histogram("victor.agent.tool_calls", Attributes.of(AGENT, "TravelAssistant"))
        .getSum()).isEqualTo(5);
    assertThat(sdk.histogram("victor.agent.model_calls", Attributes.of(AGENT, "Researcher"))
        .getSum()).isEqualTo(1);
    assertThat(TestTelemetry.sum(collected, "victor.agent.repeated_tool_calls",
        Attributes.of(TOOL, "weather"))).as("rounds 2 and 3 repeat round 1").isEqualTo(2);
    assertThat(sdk.histogram("gen_ai.invoke_agent.duration",
        Attributes.of(AttributeKey.stringKey("gen_ai.agent.name"), "TravelAssistant"))
        .getCount()).isEqualTo(1);
    assertThat(sdk.histogram("gen_ai.execute_tool.duration",
        Attributes.of(AttributeKey.stringKey("gen_ai.tool.name"), "weather")).getCount())
        .isEqualTo(5);

    SpanData invocationSpan = sdk.finishedSpans().stream()
        .filter(s -> s.getName().equals("invoke_agent TravelAssistant")).findFirst().get();
    assertThat(invocationSpan.getAttributes().get(AttributeKey.longKey(
        "victor.agent.tool_calls"))).isEqualTo(5L);
    SpanData chat = sdk.finishedSpans().get(0);
    assertThat(chat.getParentSpanId()).isEqualTo(invocationSpan.getSpanId());
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-7");
    SpanData subSpan = sdk.finishedSpans().stream()
        .filter(s -> s.getName().equals("invoke_agent Researcher")).findFirst().get();
    assertThat(subSpan.getParentSpanId()).isEqualTo(invocationSpan.getSpanId());
    assertThat(subSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-7");
    assertThat(sdk.finishedSpans()).filteredOn(s -> s.getName().startsWith("execute_tool"))
        .allSatisfy(s -> assertThat(s.getAttributes().get(
            AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("TravelAssistant"));
  }

  @Test
  void aFailedInvocationIsClassified() {
    TestTelemetry sdk = TestTelemetry.create();
    AgentInvocation invocation = sdk.telemetry.agentRecorder("A").start(Context.root());
    assertThat(invocation.end(new java.net.SocketTimeoutException("slow"))).isTrue();
    assertThat(invocation.end(null)).as("ends once").isFalse();
    assertThat(sdk.histogram("gen_ai.invoke_agent.duration", Attributes.builder()
        .put("gen_ai.agent.name", "A").put("error.type", "timeout").build()).getCount())
        .isEqualTo(1);
  }
}
