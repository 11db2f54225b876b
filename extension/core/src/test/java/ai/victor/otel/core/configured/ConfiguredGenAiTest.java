package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The configured provider and agent roles' GenAI accessors: tokens by kind (through an Optional
 * link, as provider SDKs return them), rate-limit headers, retries, conversation, tenant, server,
 * streaming through {@code chunk-methods}, and an {@code agent} target counting the calls
 * beneath it.
 */
class ConfiguredGenAiTest {
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("token_type");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");

  static final class Request {
    final String conversation;
    final String tenant;

    Request(String conversation, String tenant) {
      this.conversation = conversation;
      this.tenant = tenant;
    }

    String conversation() {
      return conversation;
    }

    String tenant() {
      return tenant;
    }

    boolean stream() {
      return true;
    }
  }

  static final class Details {
    Integer cached() {
      return 600;
    }
  }

  static final class Answer {
    long prompt() {
      return 1000;
    }

    long completion() {
      return 200;
    }

    Optional<Details> details() {
      return Optional.of(new Details());
    }

    Optional<Details> noReasoning() {
      return Optional.empty();
    }

    Map<String, List<String>> headers() {
      Map<String, List<String>> headers = new HashMap<>();
      headers.put("x-ratelimit-limit-tokens", Arrays.asList("10000"));
      headers.put("x-ratelimit-remaining-tokens", Arrays.asList("900"));
      return headers;
    }

    int retries() {
      return 2;
    }
  }

  /** A provider client that streams: it calls {@code delta} once per chunk, on its own thread. */
  static final class StreamingClient {
    String host() {
      return "llm.internal";
    }

    int port() {
      return 8443;
    }

    void delta() {}
  }

  static final class Planner {}

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final ProviderCalls providers = ProviderCalls.create(sdk.telemetry);
  private final AgentCalls agents = AgentCalls.create(sdk.telemetry);

  private static List<String> settings() {
    List<String> settings = new ArrayList<>(Arrays.asList("victor.otel.targets", "llm,planner",
        "victor.otel.tenant.enabled", "true",
        "victor.otel.pricing.acme.m1.input", "2",
        "victor.otel.pricing.acme.m1.output", "8",
        "victor.otel.pricing.acme.m1.cache-read", "0.5"));
    settings.addAll(TestTelemetry.target("llm",
        "role", "provider",
        "type", StreamingClient.class.getName(),
        "methods", "complete",
        "chunk-methods", "delta",
        "provider", "const:acme",
        "model", "const:m1",
        "server-address", "this.host()",
        "server-port", "this.port()",
        "stream", "arg0.stream()",
        "conversation-id", "arg0.conversation()",
        "tenant", "arg0.tenant()",
        "input-tokens", "result.prompt()",
        "output-tokens", "result.completion()",
        "cache-read-tokens", "result.details().cached()",
        "reasoning-tokens", "result.noReasoning().cached()",
        "rate-limit-headers", "result.headers()",
        "retries", "result.retries()"));
    settings.addAll(TestTelemetry.target("planner",
        "role", "agent",
        "type", Planner.class.getName(),
        "methods", "plan",
        "name", "const:planner",
        "conversation-id", "arg0"));
    return settings;
  }

  @Test
  void aStreamedCallInsideAConfiguredAgent() {
    Planner planner = new Planner();
    StreamingClient client = new StreamingClient();
    Object invocation = agents.enter(Planner.class, planner, "conversation-9", null, null, null);
    Request request = new Request("conversation-9", "globex");
    Object call = providers.enter(StreamingClient.class, client, request, null, null, null);
    providers.chunk(client);
    providers.chunk(client);
    providers.chunk(new StreamingClient()); // another instance has no call in progress
    providers.exit(call, client, new Answer(), null, request, null, null, null);
    agents.exit(invocation, planner, null, null, "conversation-9", null, null, null);

    assertThat(sdk.config.problems()).isEmpty();
    Collection<MetricData> collected = sdk.collect();
    Attributes input = Attributes.builder().put(PROVIDER, "acme").put(MODEL, "m1")
        .put(TOKEN_TYPE, "input").put(TENANT, "globex").build();
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens", input)).isEqualTo(1000);
    assertThat(TestTelemetry.sum(collected, "victor.provider.tokens",
        input.toBuilder().put(TOKEN_TYPE, "cache_read").build())).isEqualTo(600);
    assertThat(TestTelemetry.point(collected, "victor.provider.tokens",
        input.toBuilder().put(TOKEN_TYPE, "reasoning").build()))
        .as("an empty Optional is not reported").isNull();
    assertThat(((DoublePointData) TestTelemetry.point(collected, "victor.provider.cost",
        Attributes.builder().put(PROVIDER, "acme").put(MODEL, "m1").put("currency", "USD")
            .put(TENANT, "globex").build())).getValue())
        .isCloseTo((400 * 2 + 200 * 8 + 600 * 0.5) / 1e6, within(1e-12));
    assertThat(TestTelemetry.sum(collected, "victor.provider.retries",
        Attributes.of(PROVIDER, "acme", MODEL, "m1"))).isEqualTo(2);
    assertThat(TestTelemetry.gauge(collected, "victor.provider.rate_limit.remaining",
        Attributes.builder().put(PROVIDER, "acme").put(MODEL, "m1").put("limit_type", "tokens")
            .build())).isEqualTo(900.0);
    Attributes genai = Attributes.builder().put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "acme").put("gen_ai.request.model", "m1")
        .put("server.address", "llm.internal").put("server.port", 8443L).build();
    assertThat(sdk.histogram("gen_ai.client.operation.time_to_first_chunk", genai).getCount())
        .isEqualTo(1);
    assertThat(sdk.histogram("gen_ai.client.operation.time_per_output_chunk", genai)
        .getCount()).isEqualTo(1);
    assertThat(sdk.histogram("victor.agent.model_calls",
        Attributes.of(AttributeKey.stringKey("agent"), "planner")).getSum()).isEqualTo(1);

    SpanData chat = sdk.finishedSpans().get(0);
    SpanData agent = sdk.finishedSpans().get(1);
    assertThat(agent.getName()).isEqualTo("invoke_agent planner");
    assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id")))
        .isEqualTo("conversation-9");
    assertThat(chat.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream")))
        .isTrue();
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("llm.internal");
    assertThat(sdk.failures("provider")).isZero();
    assertThat(sdk.failures("agent")).isZero();
  }
}
