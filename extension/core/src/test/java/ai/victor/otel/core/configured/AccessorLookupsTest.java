package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.config.CountingTargets;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the configured roles' per-call paths read their accessors from slots resolved when the
 * target was configured, never by name from the target's map (a profile of a tool call found
 * those lookups at about 5 % of its samples). Each target here is a copy whose map counts the
 * lookups; the calls must make none, and still record what the accessors read.
 */
class AccessorLookupsTest {
  private static final int CALLS = 10;
  private static final AttributeKey<String> CONVERSATION =
      AttributeKey.stringKey("gen_ai.conversation.id");
  private static final AttributeKey<String> TOOL_CALL_ID =
      AttributeKey.stringKey("gen_ai.tool.call.id");

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final AtomicLong lookups = new AtomicLong();

  @Test
  void aProviderCallLooksNoAccessorUpByName() {
    ProviderCalls calls = ProviderCalls.create(sdk.telemetry);
    Target target = counting(Role.PROVIDER);
    Provider provider = new Provider();
    Request request = new Request();
    Response response = new Response();
    for (int i = 0; i < CALLS; i++) {
      Object call = calls.enter(target, provider, request, null, null, null);
      calls.exit(call, provider, response, null, request, null, null, null);
    }
    assertThat(lookups.get()).as("accessor lookups by name in %d provider calls", CALLS)
        .isZero();
    assertThat(sdk.finishedSpans()).hasSize(CALLS);
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getName()).isEqualTo("chat gpt-4o");
    assertThat(span.getAttributes().get(CONVERSATION)).isEqualTo("c-1");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(12L);
  }

  @Test
  void aToolCallAndAnAgentInvocationAndASelectionLookNoAccessorUpByName() {
    AgentCalls agents = AgentCalls.create(sdk.telemetry);
    ToolCalls tools = ToolCalls.create(sdk.telemetry);
    SelectorCalls selectors = SelectorCalls.create(sdk.telemetry);
    Target agentTarget = counting(Role.AGENT);
    Target toolTarget = counting(Role.TOOL);
    Target selectorTarget = counting(Role.SELECTOR);
    Agent agent = new Agent();
    Executor executor = new Executor();
    Selector selector = new Selector();
    for (int i = 0; i < CALLS; i++) {
      Object invocation = agents.enter(agentTarget, agent, "c-2", null, null, null);
      Object selection = selectors.enter(selectorTarget, selector, "q", null, null, null);
      selectors.exit(selection, selector, Arrays.asList("a", "b"), null, "q", null, null, null);
      Object call = tools.enter(toolTarget, executor, "spin", "{}", null, null);
      tools.exit(call, executor, "done", null, "spin", "{}", null, null);
      agents.exit(invocation, agent, "ok", null, "c-2", null, null, null);
    }
    assertThat(lookups.get()).as("accessor lookups by name in %d agent turns", CALLS).isZero();
    List<SpanData> spans = sdk.finishedSpans();
    assertThat(spans).hasSize(3 * CALLS);
    assertThat(spans).anySatisfy(span ->
        assertThat(span.getAttributes().get(TOOL_CALL_ID)).isEqualTo("call-spin"));
    assertThat(spans).anySatisfy(span ->
        assertThat(span.getAttributes().get(CONVERSATION)).isEqualTo("c-2"));
    assertThat(TestTelemetry.total(sdk.collect(), "victor_otel_failures_total")).isZero();
  }

  /** The configured target of {@code role}, copied with a map that counts lookups by name. */
  private Target counting(Role role) {
    Target target = CountingTargets.of(sdk.config.targets(role).get(0), lookups);
    lookups.set(0); // the copy resolved its slots once: that is not per call
    return target;
  }

  private static List<String> settings() {
    List<String> settings = new ArrayList<>(Arrays.asList(
        "victor.otel.targets", "llm,agent,tool,selector",
        "victor.otel.tenant.enabled", "true",
        "victor.otel.capture-message-content", "true"));
    settings.addAll(TestTelemetry.target("llm", "role", "provider",
        "type", Provider.class.getName(), "methods", "chat",
        "provider", "const:openai", "model", "arg0.model()",
        "stream", "arg0.stream()", "conversation-id", "arg0.conversation()",
        "tenant", "const:acme", "retries", "result.retries()",
        "input-tokens", "result.inputTokens()", "output-tokens", "result.outputTokens()",
        "cache-read-tokens", "result.cached()", "reasoning-tokens", "result.reasoning()",
        "response-model", "result.model()", "finish-reason", "result.finishReason()",
        "rate-limit-headers", "result.headers()",
        "input-messages", "const:hello", "output-messages", "result.finishReason()"));
    settings.addAll(TestTelemetry.target("agent", "role", "agent",
        "type", Agent.class.getName(), "methods", "run", "conversation-id", "arg0"));
    settings.addAll(TestTelemetry.target("tool", "role", "tool",
        "type", Executor.class.getName(), "methods", "execute", "tool", "arg0",
        "call-id", "const:call-spin", "arguments", "arg1", "failed", "const:false",
        "result", "result"));
    settings.addAll(TestTelemetry.target("selector", "role", "selector",
        "type", Selector.class.getName(), "methods", "select", "cache-type", "const:none"));
    return settings;
  }

  static final class Provider {}

  static final class Agent {}

  static final class Executor {}

  static final class Selector {}

  static final class Request {
    String model() {
      return "gpt-4o";
    }

    boolean stream() {
      return false;
    }

    String conversation() {
      return "c-1";
    }
  }

  static final class Response {
    int retries() {
      return 0;
    }

    long inputTokens() {
      return 12;
    }

    long outputTokens() {
      return 3;
    }

    long cached() {
      return 4;
    }

    long reasoning() {
      return 1;
    }

    String model() {
      return "gpt-4o-2024-08-06";
    }

    String finishReason() {
      return "stop";
    }

    Map<String, String> headers() {
      return Collections.singletonMap("x-ratelimit-remaining-requests", "99");
    }
  }
}
