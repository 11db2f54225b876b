package ai.victor.sample.stress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.sample.faults.FaultKnobs;
import ai.victor.sample.tools.ToolExecutor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StressTest {

  private final ToolExecutor executor = new ToolExecutor(new FaultKnobs(Map.of()), 4);
  private final Stress stress = new Stress(executor);

  @AfterEach
  void close() {
    executor.close();
  }

  @Test
  void hammerCountsWhatItDid() {
    Map<String, Object> done = stress.hammer(4, 500);
    assertThat(done.get("gets")).isEqualTo(2000L);
    assertThat((long) done.get("hits") + (long) done.get("misses")).isEqualTo(2000L);
    assertThat(done.get("hits")).isNotEqualTo(0L);
    assertThat(done.get("puts")).isEqualTo(done.get("misses"));
    // 128 keys in 64 entries: a put of a new key into a full cache evicts one (racing puts of
    // the same key replace instead).
    assertThat((long) done.get("evictions")).isPositive()
        .isLessThanOrEqualTo((long) done.get("puts") - 64);
    assertThat(done.get("toolCalls")).isEqualTo(2000L);
    assertThat(done.get("toolFailures")).isEqualTo(2000L / 7);
  }

  @Test
  void attackUsesEveryName() {
    assertThat(stress.attack(100))
        .containsEntry("names", 100)
        .containsEntry("gets", 100L)
        .containsEntry("toolCalls", 100L)
        .containsEntry("completions", 100L);
  }

  @Test
  void jvmAnswersHeapAndThreads() {
    Map<String, Object> stats = Stress.jvm();
    assertThat((long) stats.get("heapUsedAfterGc")).isPositive();
    assertThat((int) stats.get("threads")).isPositive();
  }
}
