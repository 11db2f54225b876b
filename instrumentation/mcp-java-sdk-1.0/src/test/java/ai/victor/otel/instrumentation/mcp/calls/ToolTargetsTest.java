package ai.victor.otel.instrumentation.mcp.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A {@code tools/call}'s span name is built once per tool name, on both sides, and capped. */
class ToolTargetsTest {
  @Test
  void aToolsSpanNameIsBuiltAtItsFirstCallOnly() {
    ToolTargets targets = new ToolTargets();
    ToolTargets.Target first = targets.of("get_weather");
    assertThat(first.spanName).isEqualTo("tools/call get_weather");
    assertThat(targets.of(new String("get_weather"))).isSameAs(first);
    assertThat(targets.of("get_weather").spanName).isSameAs(first.spanName);
  }

  @Test
  void namesPastTheCapAreBuiltPerCallNotRemembered() {
    ToolTargets targets = new ToolTargets();
    for (int i = 0; i < ToolTargets.MAX; i++) {
      targets.of("tool" + i);
    }
    ToolTargets.Target extra = targets.of("one_too_many");
    assertThat(extra.spanName).isEqualTo("tools/call one_too_many");
    assertThat(targets.of("one_too_many")).isNotSameAs(extra);
    assertThat(targets.of("tool0")).isSameAs(targets.of("tool0"));
  }
}
