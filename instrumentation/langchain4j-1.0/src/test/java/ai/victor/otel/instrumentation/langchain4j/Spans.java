package ai.victor.otel.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Finds spans in what the agent exported, by name and parent. */
final class Spans {
  private Spans() {}

  /** All spans of the one trace the test produced. */
  static List<SpanData> oneTrace(InstrumentationExtension testing) {
    List<List<SpanData>> traces = testing.waitForTraces(1);
    assertThat(traces).hasSize(1);
    return new ArrayList<>(traces.get(0));
  }

  static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  static SpanData single(List<SpanData> spans, String name) {
    List<SpanData> found = named(spans, name);
    assertThat(found).as("spans named %s in %s", name, names(spans)).hasSize(1);
    return found.get(0);
  }

  static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
        .collect(Collectors.toList());
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }
}
