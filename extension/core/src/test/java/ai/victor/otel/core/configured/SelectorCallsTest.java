package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorCallsTest {
  private static final AttributeKey<String> CACHE_TYPE = AttributeKey.stringKey("cache_type");
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  private static final AttributeKey<String> SPAN_CACHE_TYPE =
      AttributeKey.stringKey("victor.tool_selection.cache_type");
  private static final AttributeKey<Long> SPAN_TOOL_COUNT =
      AttributeKey.longKey("victor.tool_selection.tool_count");

  static class Selection {
    private final String cacheType;
    private final List<String> tools;

    Selection(String cacheType, String... tools) {
      this.cacheType = cacheType;
      this.tools = Arrays.asList(tools);
    }

    String cacheType() {
      return cacheType;
    }

    List<String> tools() {
      return tools;
    }

    boolean fresh() {
      return "rl".equals(cacheType);
    }
  }

  static class BrokenSelection extends Selection {
    BrokenSelection() {
      super("query", "a", "b");
    }

    @Override
    String cacheType() {
      throw new IllegalStateException("cacheType() is broken");
    }
  }

  /** Configured with cache-type and tool-count accessors; hit follows the cache type. */
  static class TestSelector {}

  /** Configured with an explicit hit accessor too. */
  static class HitSelector {}

  /** Configured with defaults: its result is the list of tools. */
  static class ListSelector {}

  private static List<String> settings(String... extra) {
    List<String> settings = new ArrayList<String>(Arrays.asList(
        "victor.otel.targets", "selector,hit-selector,list-selector"));
    settings.addAll(TestTelemetry.target("selector",
        "role", "selector", "type", TestSelector.class.getName(), "methods", "select",
        "cache-type", "result.cacheType()", "tool-count", "result.tools()"));
    settings.addAll(TestTelemetry.target("hit-selector",
        "role", "selector", "type", HitSelector.class.getName(), "methods", "select",
        "cache-type", "result.cacheType()", "tool-count", "result.tools()",
        "hit", "result.fresh()"));
    settings.addAll(TestTelemetry.target("list-selector",
        "role", "selector", "type", ListSelector.class.getName(), "methods", "select"));
    settings.addAll(Arrays.asList(extra));
    return settings;
  }

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final SelectorCalls calls = SelectorCalls.create(sdk.telemetry);

  private void select(Object selector, Object result, Throwable thrown) {
    Object call = calls.enter(selector.getClass(), selector, "query", null, null, null);
    calls.exit(call, selector, result, thrown, "query", null, null, null);
  }

  private static Attributes latency(String cacheType, String result) {
    return Attributes.of(CACHE_TYPE, cacheType, RESULT, result);
  }

  @Test
  void selectionsAreRecordedByTheCacheThatServedThem() {
    TestSelector selector = new TestSelector();
    select(selector, new Selection("query", "a", "b", "c"), null);
    select(selector, new Selection("query", "a"), null);
    select(selector, new Selection("context", "a", "b"), null);
    select(selector, new Selection(null, "a", "b", "c", "d", "e"), null);
    select(selector, new Selection("none"), null);

    Collection<MetricData> collected = sdk.collect();
    assertThat(count(collected, latency("query", "hit"))).isEqualTo(2);
    assertThat(count(collected, latency("context", "hit"))).isEqualTo(1);
    assertThat(count(collected, latency("none", "miss"))).isEqualTo(2);
    assertThat(TestTelemetry.point(collected, "victor.tool_selection.latency_ms",
        latency("query", "miss"))).isNull();
    HistogramPointData latency = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool_selection.latency_ms", latency("query", "hit"));
    assertThat(latency.getBoundaries()).containsExactlyElementsOf(
        ai.victor.otel.core.Metric.SELECTION_LATENCY.buckets());

    HistogramPointData tools = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool_selection.tools", Attributes.empty());
    assertThat(tools.getCount()).isEqualTo(5);
    assertThat(tools.getSum()).isEqualTo(3 + 1 + 2 + 5 + 0);
    assertThat(tools.getMin()).isEqualTo(0);
    assertThat(tools.getMax()).isEqualTo(5);

    List<SpanData> spans = sdk.finishedSpans();
    assertThat(spans).hasSize(5);
    SpanData first = spans.get(0);
    assertThat(first.getName()).isEqualTo("select_tools");
    assertThat(first.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(first.getAttributes().get(SPAN_CACHE_TYPE)).isEqualTo("query");
    assertThat(first.getAttributes().get(SPAN_TOOL_COUNT)).isEqualTo(3L);
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(spans.get(3).getAttributes().get(SPAN_CACHE_TYPE)).isEqualTo("none");
  }

  private static long count(Collection<MetricData> collected, Attributes attributes) {
    HistogramPointData point = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool_selection.latency_ms", attributes);
    return point == null ? 0 : point.getCount();
  }

  @Test
  void anExplicitHitAccessorDecides() {
    HitSelector selector = new HitSelector();
    select(selector, new Selection("rl", "a"), null);
    select(selector, new Selection("query", "a"), null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(count(collected, latency("rl", "hit"))).isEqualTo(1);
    assertThat(count(collected, latency("query", "miss"))).isEqualTo(1);
    assertThat(count(collected, latency("query", "hit"))).isZero();
  }

  @Test
  void theDefaultToolCountIsTheResultItself() {
    ListSelector selector = new ListSelector();
    select(selector, Arrays.asList("a", "b", "c", "d"), null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(count(collected, latency("none", "miss"))).isEqualTo(1);
    HistogramPointData tools = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool_selection.tools", Attributes.empty());
    assertThat(tools.getSum()).isEqualTo(4);
    assertThat(sdk.finishedSpans().get(0).getAttributes().get(SPAN_TOOL_COUNT)).isEqualTo(4L);
  }

  @Test
  void aFailedSelectionIsAnErrorSpanAndAMiss() {
    select(new TestSelector(), null, new IllegalStateException("no tools"));
    Collection<MetricData> collected = sdk.collect();
    assertThat(count(collected, latency("none", "miss"))).isEqualTo(1);
    assertThat(TestTelemetry.metric(collected, "victor.tool_selection.tools")).isNull();
    SpanData span = sdk.finishedSpans().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void cacheTypesBeyondTheLimitFoldIntoOther() {
    TestTelemetry capped = TestTelemetry.create(settings("victor.otel.cardinality.limit", "2"));
    SelectorCalls cappedCalls = SelectorCalls.create(capped.telemetry);
    TestSelector selector = new TestSelector();
    for (String type : Arrays.asList("query", "context", "rl", "semantic")) {
      Object call = cappedCalls.enter(TestSelector.class, selector, "q", null, null, null);
      cappedCalls.exit(call, selector, new Selection(type, "a"), null, "q", null, null, null);
    }
    Collection<MetricData> collected = capped.collect();
    assertThat(count(collected, latency("query", "hit"))).isEqualTo(1);
    assertThat(count(collected, latency("context", "hit"))).isEqualTo(1);
    assertThat(count(collected, latency("_other", "hit"))).isEqualTo(2);
  }

  @Test
  void unconfiguredClassesAreNotRecorded() {
    Object call = calls.enter(String.class, "not a selector", null, null, null, null);
    assertThat(call).isNull();
    calls.exit(call, "not a selector", new Selection("query"), null, null, null, null, null);
    assertThat(sdk.finishedSpans()).isEmpty();
    assertThat(TestTelemetry.metric(sdk.collect(), "victor.tool_selection.latency_ms")).isNull();
  }

  @Test
  void aThrowingAccessorCostsOnlyItsValue() {
    select(new TestSelector(), new BrokenSelection(), null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.sum(collected, "victor.otel.failures",
        Attributes.of(TestTelemetry.ROLE, "selector"))).isEqualTo(1);
    assertThat(count(collected, latency("none", "miss"))).isEqualTo(1);
    HistogramPointData tools = (HistogramPointData) TestTelemetry.point(collected,
        "victor.tool_selection.tools", Attributes.empty());
    assertThat(tools.getSum()).isEqualTo(2);
    assertThat(sdk.finishedSpans()).hasSize(1);
  }
}
