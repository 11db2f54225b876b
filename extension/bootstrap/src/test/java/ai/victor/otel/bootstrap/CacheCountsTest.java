package ai.victor.otel.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CacheCountsTest {
  @Test
  void aNamespaceHasOneCountsForTheJvmWhoeverAsks() {
    CacheCounts counts = new CacheCounts();

    assertThat(counts.of("tools")).isSameAs(counts.of("tools")).isNotSameAs(counts.of("other"));
    List<String> namespaces = new ArrayList<>();
    counts.forEach(c -> namespaces.add(c.namespace()));
    assertThat(namespaces).containsExactlyInAnyOrder("tools", "other");
  }

  @Test
  void concurrentAddsAreCountedExactly() throws InterruptedException {
    CacheCounts.Counts counts = new CacheCounts().of("tools");
    int threads = 16;
    int adds = 100_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < adds; i++) {
          counts.add(CacheCounts.HIT, 1);
          counts.add(CacheCounts.PUT, 2);
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    long seen = 0;
    for (Thread worker : workers) {
      // A read while others add never goes backwards.
      long now = counts.sum(CacheCounts.HIT);
      assertThat(now).isGreaterThanOrEqualTo(seen);
      seen = now;
      worker.join();
    }

    assertThat(counts.sum(CacheCounts.HIT)).isEqualTo((long) threads * adds);
    assertThat(counts.sum(CacheCounts.PUT)).isEqualTo(2L * threads * adds);
    assertThat(counts.sum(CacheCounts.MISS)).isZero();
  }

  @Test
  void onlyTheFirstCallerReports() {
    CacheCounts counts = new CacheCounts();

    assertThat(counts.claimReporting()).isTrue();
    assertThat(counts.claimReporting()).isFalse();
  }
}
