package ai.victor.otel.instrumentation.mcp.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trace context a client request carries in {@code params._meta}, on the SDK's own request
 * records, without the agent's part: what is written, what is left alone, and what it costs.
 */
class MetaTest {
  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final Context TRACED = Context.root().with(Span.wrap(SpanContext.create(
      "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
      TraceState.getDefault())));
  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static McpSchema.CallToolRequest call(Map<String, Object> meta) {
    return new McpSchema.CallToolRequest("get_weather", Map.of("city", "Oslo"), meta);
  }

  @Test
  void aRequestWithoutMetaGetsTheTraceparentAlone() {
    McpSchema.CallToolRequest sent =
        (McpSchema.CallToolRequest) Meta.inject(W3C, TRACED, call(null));
    assertThat(sent.meta()).containsExactly(Map.entry("traceparent", TRACEPARENT));
    assertThat(sent.name()).isEqualTo("get_weather");
    assertThat(sent.arguments()).containsEntry("city", "Oslo");
  }

  @Test
  void nothingToPropagateLeavesTheRequestAsItIs() {
    McpSchema.CallToolRequest request = call(null);
    assertThat(Meta.inject(W3C, Context.root(), request)).isSameAs(request);
    McpSchema.CallToolRequest withMeta = call(Map.of("progressToken", "p1"));
    assertThat(Meta.inject(W3C, Context.root(), withMeta)).isSameAs(withMeta);
  }

  @Test
  void anApplicationsMetaIsCopiedNeverWritten() {
    Map<String, Object> own = Map.of("progressToken", "p1");
    McpSchema.CallToolRequest sent =
        (McpSchema.CallToolRequest) Meta.inject(W3C, TRACED, call(own));
    assertThat(sent.meta()).containsOnly(Map.entry("progressToken", "p1"),
        Map.entry("traceparent", TRACEPARENT));
    assertThat(own).containsOnlyKeys("progressToken");
  }

  @Test
  void baggageGoesBesideTheTraceparent() {
    TextMapPropagator both = TextMapPropagator.composite(W3C,
        W3CBaggagePropagator.getInstance());
    Context context = TRACED.with(Baggage.builder().put("tenant", "a").build());
    McpSchema.CallToolRequest sent =
        (McpSchema.CallToolRequest) Meta.inject(both, context, call(null));
    assertThat(sent.meta()).containsOnly(Map.entry("traceparent", TRACEPARENT),
        Map.entry("baggage", "tenant=a"));
    assertThat(Meta.extract(both, Map.of(Meta.KEY, sent.meta())))
        .satisfies(extracted -> {
          assertThat(Span.fromContext(extracted).getSpanContext().getSpanId())
              .isEqualTo("b7ad6b7169203331");
          assertThat(Baggage.fromContext(extracted).getEntryValue("tenant")).isEqualTo("a");
        });
  }

  /**
   * Bytes per injection into a request without meta, after the JIT has compiled it: the W3C
   * string, the meta map, the record rebuilt. Deterministic on one JVM; the code before fails
   * this bound (a hash map for the meta: 264 B; an array of the record's components: 192 B).
   */
  @Test
  void injectingAllocatesNoMoreThanTheStringTheMapAndTheRecord() {
    McpSchema.CallToolRequest request = call(null);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Object sink = null;
    for (int i = 0; i < 200_000; i++) {
      sink = Meta.inject(W3C, TRACED, request);
    }
    // The fewest bytes of up to 20 rounds: on a loaded machine C2 may not yet have inlined the
    // copy's method-handle chain in the first rounds (seen: 184 B once at load 10), and what the
    // bound is about is the compiled copy, which every later round reaches.
    int calls = 100_000;
    double perCall = Double.MAX_VALUE;
    for (int round = 0; round < 20 && perCall > BOUND; round++) {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        sink = Meta.inject(W3C, TRACED, request);
      }
      perCall = Math.min(perCall,
          (threads.getThreadAllocatedBytes(thread) - before) / (double) calls);
    }
    System.out.printf("MCP _meta injection: %.0f B/call%n", perCall);
    assertThat(sink).isNotNull();
    assertThat(perCall).isLessThanOrEqualTo(BOUND);
  }

  /**
   * Measured 160 B/call (the 55-character {@code traceparent} string, a singleton map and the new
   * record); 192 with the array of the record's components the copy went through before, 264
   * with a hash map for the meta before that.
   */
  private static final double BOUND = 176;
}
