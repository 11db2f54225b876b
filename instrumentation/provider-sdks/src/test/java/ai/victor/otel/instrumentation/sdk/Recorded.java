package ai.victor.otel.instrumentation.sdk;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Usage;
import ai.victor.otel.instrumentation.testing.Exported;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the extension exported for one provider and model, read as the catalog names it. */
final class Recorded {
  static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");
  static final AttributeKey<Long> REASONING =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<Double> TTFC =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("victor.cancelled");
  static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<Double> COST = AttributeKey.doubleKey("victor.cost");
  static final AttributeKey<Long> RETRIES = AttributeKey.longKey("victor.provider.retries");
  static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

  private final InstrumentationExtension testing;
  private final String provider;
  /** The fake the SDK's HTTP attempts name as their server; null where they are not seen. */
  private final FakeOpenAiServer server;

  Recorded(InstrumentationExtension testing, String provider, FakeOpenAiServer server) {
    this.testing = testing;
    this.provider = provider;
    this.server = server;
  }

  /** Calls recorded in the victor latency histogram. */
  long calls(String model) {
    return Exported.histogramCount(testing, "victor.provider.latency_ms",
        attributes("provider", provider, "model", model));
  }

  long tokens(String model, String type) {
    return Exported.counter(testing, "victor.provider.tokens",
        attributes("provider", provider, "model", model, "token_type", type));
  }

  long errors(String model, String type) {
    return Exported.counter(testing, "victor.provider.errors",
        attributes("provider", provider, "model", model, "error_type", type));
  }

  long retries(String model) {
    return Exported.counter(testing, "victor.provider.retries",
        attributes("provider", provider, "model", model));
  }

  /** victor.provider.cost of the model in USD; 0 when never recorded. */
  double cost(String model) {
    double total = 0;
    for (MetricData data : Exported.metric(testing, "victor.provider.cost")) {
      for (DoublePointData point : data.getDoubleSumData().getPoints()) {
        if (point.getAttributes().equals(attributes("provider", provider, "model", model,
            "currency", "USD"))) {
          total = data.getDoubleSumData().getAggregationTemporality()
              == AggregationTemporality.DELTA ? total + point.getValue() : point.getValue();
        }
      }
    }
    return total;
  }

  /** A rate-limit gauge ({@code remaining} or {@code limit}) of {@code requests} or {@code tokens}. */
  Double rateLimit(String gauge, String model, String limitType) {
    return Exported.gauge(testing, "victor.provider.rate_limit." + gauge,
        attributes("provider", provider, "model", model, "limit_type", limitType));
  }

  /** The GenAI attributes of the model's metrics, at the fake's server when it is seen. */
  Attributes genai(String model) {
    AttributesBuilder genai = Attributes.builder().put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", provider).put("gen_ai.request.model", model);
    if (server != null) {
      URI base = URI.create(server.rootUrl());
      genai.put("server.address", base.getHost()).put("server.port", (long) base.getPort());
    }
    return genai.build();
  }

  /** Successful calls in gen_ai.client.operation.duration (answered by the model requested). */
  long genaiCalls(String model) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.duration",
        genai(model).toBuilder().put("gen_ai.response.model", model).build());
  }

  long genaiErrors(String model, String type) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.duration",
        genai(model).toBuilder().put("error.type", type).build());
  }

  /** Streamed calls in gen_ai.client.operation.time_to_first_chunk, and their sum in seconds. */
  long firstChunks(String model) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.time_to_first_chunk",
        genai(model));
  }

  double firstChunkSeconds(String model) {
    return Exported.histogramSum(testing, "gen_ai.client.operation.time_to_first_chunk",
        genai(model));
  }

  long laterChunks(String model) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.time_per_output_chunk",
        genai(model));
  }

  /** The test's chat spans, in start order, once {@code count} traces were exported. */
  List<SpanData> chats(int count) {
    testing.waitForTraces(count);
    return testing.spans().stream().filter(s -> s.getName().startsWith("chat "))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.toList());
  }

  /**
   * Input, output, cache-read, cache-write and reasoning tokens and the calls the fake's answers
   * add up to, all exactly.
   */
  void matches(String model, List<FakeOpenAiServer.Exchange> exchanges) {
    assertThat(calls(model)).as("calls of %s", model).isEqualTo(exchanges.size());
    assertThat(tokens(model, "input")).as("input tokens of %s", model)
        .isEqualTo(sum(exchanges, Usage::inputTokens));
    assertThat(tokens(model, "output")).as("output tokens of %s", model)
        .isEqualTo(sum(exchanges, Usage::outputTokens));
    assertThat(tokens(model, "cache_read")).as("cache-read tokens of %s", model)
        .isEqualTo(sum(exchanges, u -> orZero(u.cacheReadTokens())));
    assertThat(tokens(model, "cache_write")).as("cache-write tokens of %s", model)
        .isEqualTo(sum(exchanges, u -> orZero(u.cacheWriteTokens())));
    assertThat(tokens(model, "reasoning")).as("reasoning tokens of %s", model)
        .isEqualTo(sum(exchanges, u -> orZero(u.reasoningTokens())));
  }

  /**
   * The cost of the fake's answers at {@code prices} per million tokens (input, output,
   * cache-read, cache-write, reasoning, as the module's argLine sets them): each kind at its own
   * rate, never cached or reasoning tokens at the plain rates.
   */
  static double cost(List<FakeOpenAiServer.Exchange> exchanges, double... prices) {
    double cost = 0;
    for (FakeOpenAiServer.Exchange exchange : exchanges) {
      Usage usage = exchange.usage();
      int cacheRead = orZero(usage.cacheReadTokens());
      int cacheWrite = orZero(usage.cacheWriteTokens());
      int reasoning = orZero(usage.reasoningTokens());
      cost += (usage.inputTokens() - cacheRead - cacheWrite) * prices[0]
          + (usage.outputTokens() - reasoning) * prices[1] + cacheRead * prices[2]
          + cacheWrite * prices[3] + reasoning * prices[4];
    }
    return cost / 1e6;
  }

  private static long sum(List<FakeOpenAiServer.Exchange> exchanges,
      java.util.function.ToIntFunction<Usage> kind) {
    return exchanges.stream().mapToLong(e -> kind.applyAsInt(e.usage())).sum();
  }

  private static int orZero(Integer tokens) {
    return tokens == null ? 0 : tokens;
  }

  /** The SDK version each request announced, by the header its SDK sends it in. */
  static String expected(String sdk) {
    Map<String, String> versions = java.util.Arrays.stream(
            System.getProperty("victor.sdks.expected").split(","))
        .map(pair -> pair.split("="))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    return versions.get(sdk);
  }
}
