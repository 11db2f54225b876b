package ai.victor.otel.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
  /** Equal to every other instance and hashing alike: only identity may tell them apart. */
  static final class Same {
    @Override
    public boolean equals(Object other) {
      return other instanceof Same;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void keysAreFoundByIdentityNeverByEquals() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Same first = new Same();
    Same second = new Same();
    map.putIfAbsent(first, "first");
    assertThat(map.get(first)).isEqualTo("first");
    assertThat(map.get(second)).isNull();
    assertThat(map.computeIfAbsent(second, key -> "second")).isEqualTo("second");
    assertThat(map.get(first)).isEqualTo("first");
    assertThat(map.putIfAbsent(first, "again")).isEqualTo("first");
    assertThat(map.remove(second)).isEqualTo("second");
    assertThat(map.get(second)).isNull();
    assertThat(map.get(first)).isEqualTo("first");
  }

  @Test
  void concurrentResolversAgreeOnOneStoredValue() throws Exception {
    WeakIdentityMap<Object> map = new WeakIdentityMap<>();
    Object key = new Object();
    CyclicBarrier together = new CyclicBarrier(8);
    AtomicInteger resolved = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> map.computeIfAbsent(key, k -> {
          resolved.incrementAndGet();
          try {
            together.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return new Object();
        })));
      }
      Object stored = map.get(key);
      for (Future<Object> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isSameAs(map.get(key));
      }
      assertThat(resolved).hasValue(8); // each resolved, outside any lock; one value won
      assertThat(stored == null || stored == map.get(key)).isTrue();
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Keys are weak, and a table that held many short-lived keys lets go of them and shrinks: after
   * a burst of 100,000 keys that died, the map holds the few still alive.
   */
  @Test
  void collectedKeysAreDroppedAndTheTableShrinks() throws Exception {
    WeakIdentityMap<Integer> map = new WeakIdentityMap<>();
    List<Object> kept = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Object key = new Object();
      if (i % 10_000 == 0) {
        kept.add(key);
      }
      map.putIfAbsent(key, i);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (map.size() > kept.size() + 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
      map.putIfAbsent(new Object(), -1); // inserts drop what the GC cleared
    }
    assertThat(map.size()).isLessThanOrEqualTo(kept.size() + 1);
    for (int i = 0; i < kept.size(); i++) {
      assertThat(map.get(kept.get(i))).isEqualTo(i * 10_000);
    }
  }
}
