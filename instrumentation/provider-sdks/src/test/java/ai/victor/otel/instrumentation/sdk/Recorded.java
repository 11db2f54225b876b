package ai.victor.otel.instrumentation.sdk;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.instrumentation.testing.Exported;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
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

  private final InstrumentationExtension testing;
  private final String provider;

  Recorded(InstrumentationExtension testing, String provider) {
    this.testing = testing;
    this.provider = provider;
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

  /** Successful calls in gen_ai.client.operation.duration. */
  long genaiCalls(String model) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.duration",
        attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", provider,
            "gen_ai.request.model", model));
  }

  long genaiErrors(String model, String type) {
    return Exported.histogramCount(testing, "gen_ai.client.operation.duration",
        attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", provider,
            "gen_ai.request.model", model, "error.type", type));
  }

  /** The test's chat spans, in start order, once {@code count} traces were exported. */
  List<SpanData> chats(int count) {
    testing.waitForTraces(count);
    return testing.spans().stream().filter(s -> s.getName().startsWith("chat "))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.toList());
  }

  /** Input, output tokens and the series the fake's answers add up to, all exactly. */
  void matches(String model, List<FakeOpenAiServer.Exchange> exchanges) {
    long input = exchanges.stream().mapToLong(e -> e.usage().inputTokens()).sum();
    long output = exchanges.stream().mapToLong(e -> e.usage().outputTokens()).sum();
    assertThat(calls(model)).as("calls of %s", model).isEqualTo(exchanges.size());
    assertThat(tokens(model, "input")).as("input tokens of %s", model).isEqualTo(input);
    assertThat(tokens(model, "output")).as("output tokens of %s", model).isEqualTo(output);
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
