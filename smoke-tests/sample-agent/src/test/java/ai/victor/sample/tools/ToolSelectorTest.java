package ai.victor.sample.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSelectorTest {

  private final ToolSelector selector =
      new ToolSelector(List.of("search", "calculator", "weather", "code_runner", "flaky"), 10);

  @Test
  void computesOnAMissAndHitsTheQueryCacheOnTheSameQuery() {
    ToolSelection first = selector.select("What is the weather in Paris", "session-1");
    ToolSelection second = selector.select("  what is the WEATHER in   paris ", "session-2");

    assertThat(first.cacheHit()).isFalse();
    assertThat(first.cacheType()).isEqualTo("none");
    assertThat(first.tools()).contains("weather");
    assertThat(first.toolCount()).isBetween(1, 3);

    assertThat(second.cacheHit()).isTrue();
    assertThat(second.cacheType()).isEqualTo("query");
    assertThat(second.tools()).isEqualTo(first.tools());
  }

  @Test
  void hitsTheContextCacheOnANewQueryInTheSameConversation() {
    ToolSelection first = selector.select("calculate 17 + 25", "session-1");
    ToolSelection second = selector.select("run this python script", "session-1");

    assertThat(second.cacheType()).isEqualTo("context");
    assertThat(second.tools()).isEqualTo(first.tools());
  }

  @Test
  void skipsTheContextCacheWithoutAContext() {
    selector.select("calculate 17 + 25", null);
    ToolSelection second = selector.select("run this python script", "");

    assertThat(second.cacheType()).isEqualTo("none");
    assertThat(second.tools()).contains("code_runner");
  }

  @Test
  void hitsTheRlCacheWhenOnlyTheQueryEntryWasEvicted() {
    ToolSelector small = new ToolSelector(List.of("search", "weather"), 2);
    small.select("A", null);
    small.select("B", null);
    // A query hit refreshes "A" in the query cache only, so the caches now evict differently:
    assertThat(small.select("A", null).cacheType()).isEqualTo("query");
    small.select("C", null); // evicts "B" from the query cache, but "A" from the rl cache

    ToolSelection selection = small.select("B", null);

    assertThat(selection.cacheType()).isEqualTo("rl");
    assertThat(selection.cacheHit()).isTrue();
  }
}
