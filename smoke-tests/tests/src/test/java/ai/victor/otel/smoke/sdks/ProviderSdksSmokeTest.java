package ai.victor.otel.smoke.sdks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Script;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.PrometheusText;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The provider-SDKs sample (OpenAI, Anthropic and Google GenAI Java SDKs called directly, no
 * OpenTelemetry code, no victor-otel configuration) under the real javaagent 2.33.1 with the
 * extension, twice at once: as users run it, with the agent's own OpenAI module on, and with
 * {@code otel.instrumentation.openai.enabled=false}. Either way every call is in the victor series
 * exactly once and has exactly one chat span and one set of {@code gen_ai.client.*} points: the
 * upstream module's for the OpenAI chat completions it wraps when it is on, victor-otel's for the
 * rest (docs/decisions.md, "The OpenAI SDK beside the agent's own OpenAI module").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderSdksSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String VICTOR = "ai.victor.otel";
  private static final String UPSTREAM = "io.opentelemetry.openai-java-1.1";
  /** The fake's delay before the first output chunk of each streamed answer. */
  private static final long PACING_MILLIS = 100;

  private Run upstreamOn;
  private Run upstreamOff;

  /** One sample JVM, its fake provider, OTLP receiver and Prometheus endpoint. */
  private static final class Run implements AutoCloseable {
    final FakeOpenAiServer provider;
    final OtlpReceiver receiver;
    final ForkedApp app;
    final String prometheusUrl;

    Run(String name, boolean upstream) throws Exception {
      provider = FakeOpenAiServer.start(0);
      provider.script("gpt-sdk", Script.DEFAULT.withCacheReadTokens(32).withReasoningTokens(8)
          .withRateLimits(new Script.RateLimits(100, 97, 10_000, 9_000, 1_000, 1_000))
          .withPacing(PACING_MILLIS, 10));
      provider.script("claude-sdk", Script.DEFAULT.withCacheReadTokens(50)
          .withCacheWriteTokens(10).withReasoningTokens(6)
          .withRateLimits(new Script.RateLimits(50, 44, 40_000, 39_000, 1_000, 1_000))
          .withPacing(PACING_MILLIS, 10));
      provider.script("gemini-sdk", Script.DEFAULT.withCacheReadTokens(20).withReasoningTokens(4)
          .withPacing(PACING_MILLIS, 10));
      provider.script("gpt-sdk-responses", Script.DEFAULT.withPacing(PACING_MILLIS, 10));
      receiver = OtlpReceiver.start();
      int port = FreePort.find();
      prometheusUrl = "http://127.0.0.1:" + port + "/metrics";
      ForkedApp.Builder builder = ForkedApp.builder(name)
          .jvmArgs("-javaagent:" + ForkedApp.requiredFile("victor.agent.jar"))
          .systemProperty("otel.javaagent.extensions",
              ForkedApp.requiredFile("victor.extension.jar"))
          .systemProperty("otel.service.name", "sample-sdks")
          .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
          .systemProperty("otel.metrics.exporter", "otlp,prometheus")
          .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
          .systemProperty("otel.metric.export.interval", "1000")
          .systemProperty("otel.bsp.schedule.delay", "200")
          .systemProperty("otel.logs.exporter", "none")
          .systemProperty("victor.otel.pricing.openai.gpt-sdk.input", "2")
          .systemProperty("victor.otel.pricing.openai.gpt-sdk.output", "8")
          .systemProperty("victor.otel.pricing.openai.gpt-sdk.cache-read", "0.5")
          .systemProperty("victor.otel.pricing.openai.gpt-sdk.reasoning", "10");
      if (!upstream) {
        builder.systemProperty("otel.instrumentation.openai.enabled", "false");
      }
      app = builder.args("-jar", ForkedApp.requiredFile("victor.sdks.sample.jar"),
          "--base-url=" + provider.rootUrl(), "--rounds=1").start();
    }

    void awaitDone() {
      app.awaitLine(line -> line.startsWith("SDKS DONE"), Duration.ofSeconds(300));
    }

    @Override
    public void close() {
      app.close();
      receiver.close();
      provider.close();
    }
  }

  @BeforeAll
  void startBothRuns() throws Exception {
    upstreamOn = new Run("sdks-upstream-on", true);
    upstreamOff = new Run("sdks-upstream-off", false);
    upstreamOn.awaitDone();
    upstreamOff.awaitDone();
  }

  @AfterAll
  void stop() {
    for (Run run : new Run[] {upstreamOn, upstreamOff}) {
      if (run != null) {
        run.close();
      }
    }
  }

  @Test
  void everyCallIsInTheVictorSeriesOnceWithTheTokensTheProviderSent() {
    for (Run run : List.of(upstreamOn, upstreamOff)) {
      PrometheusText scrape = awaitScrape(run, "claude-sdk", 3);
      assertThat(run.app.logLines()).anyMatch(line -> line.equals("SDKS DONE rounds=1 failures=1"));
      for (String[] call : new String[][] {{"openai", "gpt-sdk", "3"},
          {"openai", "gpt-sdk-responses", "2"}, {"anthropic", "claude-sdk", "3"},
          {"gcp.gen_ai", "gemini-sdk", "2"}, {"openai", "gpt-sdk-rate-limited", "1"}}) {
        String provider = call[0];
        String model = call[1];
        List<FakeOpenAiServer.Exchange> exchanges = run.provider.exchanges().stream()
            .filter(e -> e.model().equals(model)).collect(Collectors.toList());
        assertThat(exchanges).as(model).hasSize(Integer.parseInt(call[2]));
        Map<String, String> labels = Map.of("provider", provider, "model", model);
        assertThat(value(scrape, "victor_provider_requests_total", labels)).as(model)
            .isEqualTo(exchanges.size());
        long input = exchanges.stream().filter(e -> e.status() == 200)
            .mapToLong(e -> e.usage().inputTokens()).sum();
        long output = exchanges.stream().filter(e -> e.status() == 200)
            .mapToLong(e -> e.usage().outputTokens()).sum();
        assertThat(value(scrape, "victor_provider_tokens_total", with(labels, "token_type",
            "input"))).as(model + " input").isEqualTo(input);
        assertThat(value(scrape, "victor_provider_tokens_total", with(labels, "token_type",
            "output"))).as(model + " output").isEqualTo(output);
        for (String kind : new String[] {"cache_read", "cache_write", "reasoning"}) {
          long tokens = exchanges.stream().filter(e -> e.status() == 200)
              .mapToLong(e -> kind(e.usage(), kind)).sum();
          assertThat(value(scrape, "victor_provider_tokens_total", with(labels, "token_type",
              kind))).as(model + " " + kind).isEqualTo(tokens);
        }
        // One streamed call per model, timed by victor-otel whichever module spans it (the
        // upstream module records no chunk timings).
        long streamed = exchanges.stream().filter(FakeOpenAiServer.Exchange::stream).count();
        assertThat(value(scrape, "gen_ai_client_operation_time_to_first_chunk_seconds_count",
            Map.of("otel_scope_name", VICTOR, "gen_ai_request_model", model)))
            .as(model + " time to first chunk").isEqualTo(streamed);
        assertThat(value(scrape, "gen_ai_client_operation_time_to_first_chunk_seconds_sum",
            Map.of("otel_scope_name", VICTOR, "gen_ai_request_model", model)))
            .isGreaterThanOrEqualTo(streamed * PACING_MILLIS / 1000.0);
      }
      List<FakeOpenAiServer.Exchange> priced = run.provider.exchanges().stream()
          .filter(e -> e.model().equals("gpt-sdk")).collect(Collectors.toList());
      double cost = priced.stream().mapToDouble(e -> ((e.usage().inputTokens() - 32) * 2
          + 32 * 0.5 + (e.usage().outputTokens() - 8) * 8 + 8 * 10) / 1e6).sum();
      assertThat(value(scrape, "victor_provider_cost_total", Map.of("provider", "openai",
          "model", "gpt-sdk", "currency", "USD"))).isCloseTo(cost, within(1e-12));
      assertThat(value(scrape, "victor_provider_rate_limit_remaining", Map.of("provider",
          "openai", "model", "gpt-sdk", "limit_type", "requests"))).isEqualTo(97);
      assertThat(value(scrape, "victor_provider_rate_limit_limit", Map.of("provider",
          "openai", "model", "gpt-sdk", "limit_type", "tokens"))).isEqualTo(10_000);
      assertThat(value(scrape, "victor_provider_rate_limit_remaining", Map.of("provider",
          "anthropic", "model", "claude-sdk", "limit_type", "tokens"))).isEqualTo(39_000);
      assertThat(value(scrape, "victor_provider_errors_total", Map.of("provider", "openai",
          "model", "gpt-sdk-rate-limited", "error_type", "rate_limited"))).isEqualTo(1);
      assertThat(value(scrape, "victor_otel_failures_total", Map.of())).isZero();
      // Prices are set for gpt-sdk only: one WARNING for each other model that reported tokens,
      // and nothing else from victor-otel.
      assertThat(run.app.logLines().stream().filter(line -> line.contains("victor-otel:")))
          .allMatch(line -> line.contains("has no price"))
          .hasSize(3)
          .anyMatch(line -> line.contains("'gpt-sdk-responses'"))
          .anyMatch(line -> line.contains("'claude-sdk'"))
          .anyMatch(line -> line.contains("'gemini-sdk'"));
    }
  }

  @Test
  void withUpstreamOnItsModuleSpansTheChatCompletionsAndOursTheRest() {
    List<ScopedSpan> spans = awaitChatSpans(upstreamOn, 11);
    assertThat(names(spans, UPSTREAM)).containsExactlyInAnyOrder("chat gpt-sdk", "chat gpt-sdk",
        "chat gpt-sdk", "chat gpt-sdk-rate-limited");
    assertThat(names(spans, VICTOR)).containsExactlyInAnyOrder(
        "chat gpt-sdk-responses", "chat gpt-sdk-responses",
        "chat claude-sdk", "chat claude-sdk", "chat claude-sdk",
        "chat gemini-sdk", "chat gemini-sdk");
    PrometheusText scrape = awaitScrape(upstreamOn, "claude-sdk", 3);
    assertThat(genaiCalls(scrape, UPSTREAM, "gpt-sdk")).isEqualTo(3);
    assertThat(genaiCalls(scrape, VICTOR, "gpt-sdk")).isZero();
    assertThat(genaiCalls(scrape, VICTOR, "gpt-sdk-responses")).isEqualTo(2);
    assertThat(genaiCalls(scrape, UPSTREAM, "gpt-sdk-responses")).isZero();
  }

  @Test
  void withUpstreamOffOurModuleSpansEveryCall() {
    List<ScopedSpan> spans = awaitChatSpans(upstreamOff, 11);
    assertThat(names(spans, UPSTREAM)).isEmpty();
    assertThat(names(spans, VICTOR)).containsExactlyInAnyOrder("chat gpt-sdk", "chat gpt-sdk",
        "chat gpt-sdk", "chat gpt-sdk-rate-limited", "chat gpt-sdk-responses",
        "chat gpt-sdk-responses", "chat claude-sdk", "chat claude-sdk", "chat claude-sdk",
        "chat gemini-sdk", "chat gemini-sdk");
    PrometheusText scrape = awaitScrape(upstreamOff, "claude-sdk", 3);
    assertThat(genaiCalls(scrape, VICTOR, "gpt-sdk")).isEqualTo(3);
    assertThat(genaiCalls(scrape, UPSTREAM, "gpt-sdk")).isZero();
  }

  private record ScopedSpan(String scope, Span span) {}

  private static List<ScopedSpan> awaitChatSpans(Run run, int count) {
    run.receiver.awaitSpans(all -> all.stream().filter(s -> s.getName().startsWith("chat "))
        .count() >= count, WAIT);
    List<ScopedSpan> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : run.receiver.traceRequests()) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            if (span.getName().startsWith("chat ")) {
              spans.add(new ScopedSpan(scope.getScope().getName(), span));
            }
          }
        }
      }
    }
    return spans;
  }

  private static List<String> names(List<ScopedSpan> spans, String scope) {
    return spans.stream().filter(s -> s.scope().equals(scope)).map(s -> s.span().getName())
        .collect(Collectors.toList());
  }

  /** The scrape once {@code model}'s calls all show in the victor series. */
  private static PrometheusText awaitScrape(Run run, String model, long calls) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      PrometheusText scrape = PrometheusText.scrape(run.prometheusUrl);
      if (value(scrape, "victor_provider_requests_total", Map.of("model", model)) >= calls
          || System.nanoTime() > deadline) {
        return scrape;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return scrape;
      }
    }
  }

  private static double genaiCalls(PrometheusText scrape, String scope, String model) {
    return value(scrape, "gen_ai_client_operation_duration_seconds_count", Map.of(
        "otel_scope_name", scope, "gen_ai_request_model", model));
  }

  private static long kind(ai.victor.fake.openai.Usage usage, String kind) {
    Integer tokens = switch (kind) {
      case "cache_read" -> usage.cacheReadTokens();
      case "cache_write" -> usage.cacheWriteTokens();
      default -> usage.reasoningTokens();
    };
    return tokens == null ? 0 : tokens;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }

  private static double value(PrometheusText scrape, String name, Map<String, String> labels) {
    return scrape.samples(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }
}
