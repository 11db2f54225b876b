package ai.victor.sample.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void nearestRankPercentilesInMicroseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000L; // 100 us down to 1 us, unsorted
    }
    Latencies latencies = Latencies.of(nanos, 100);
    assertThat(latencies.p50Micros()).isEqualTo(50);
    assertThat(latencies.p95Micros()).isEqualTo(95);
    assertThat(latencies.p99Micros()).isEqualTo(99);
  }

  @Test
  void onlyTheCountedPrefixAndNoneAtAll() {
    assertThat(Latencies.of(new long[] {3_000, 1_000, 999_000}, 2).p99Micros()).isEqualTo(3);
    assertThat(Latencies.of(new long[0], 0)).isEqualTo(new Latencies(0, 0, 0));
  }
}
