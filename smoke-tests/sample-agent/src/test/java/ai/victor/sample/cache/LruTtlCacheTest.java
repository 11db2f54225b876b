package ai.victor.sample.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LruTtlCacheTest {

  private static final Duration TTL = Duration.ofMillis(100);

  /** The cache's clock, in nanoseconds, advanced by hand. */
  private final AtomicLong clock = new AtomicLong();

  /** A cache that records the keys passed to {@link #evicted}. */
  private static final class RecordingCache extends LruTtlCache<String, Integer> {
    final List<String> evictions = new ArrayList<>();

    RecordingCache(int maxEntries, AtomicLong clock) {
      super("test", maxEntries, TTL, clock::get);
    }

    @Override
    protected void evicted(String key) {
      evictions.add(key);
    }
  }

  private void advanceMillis(long millis) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryWhenFull() {
    RecordingCache cache = new RecordingCache(2, clock);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.get("a")).isEqualTo(1); // now "b" is the least recently used

    cache.put("c", 3);

    assertThat(cache.evictions).containsExactly("b");
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("c")).isEqualTo(3);
  }

  @Test
  void reportsEachEvictionExactlyOnceInLruOrder() {
    RecordingCache cache = new RecordingCache(3, clock);
    for (int i = 0; i < 10; i++) {
      cache.put("k" + i, i);
    }

    assertThat(cache.evictions).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6");
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void replacingAValueEvictsNothing() {
    RecordingCache cache = new RecordingCache(2, clock);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("a", 10);

    assertThat(cache.evictions).isEmpty();
    assertThat(cache.get("a")).isEqualTo(10);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void expiredEntryIsAMissAndAnEvictionOnce() {
    RecordingCache cache = new RecordingCache(10, clock);
    cache.put("a", 1);

    advanceMillis(99);
    assertThat(cache.get("a")).isEqualTo(1);
    advanceMillis(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("a")).isNull();

    assertThat(cache.evictions).containsExactly("a");
    assertThat(cache.size()).isZero();
  }

  @Test
  void putRestartsTheTimeToLive() {
    RecordingCache cache = new RecordingCache(10, clock);
    cache.put("a", 1);
    advanceMillis(60);
    cache.put("a", 2);
    advanceMillis(60);

    assertThat(cache.get("a")).isEqualTo(2);
  }

  @Test
  void expiresOnTheSystemClock() throws InterruptedException {
    LruTtlCache<String, Integer> cache = new LruTtlCache<>("real", 10, Duration.ofMillis(20));
    cache.put("a", 1);
    Thread.sleep(40);

    assertThat(cache.get("a")).isNull();
  }

  @Test
  void invalidateRemovesWithoutReportingAnEviction() {
    RecordingCache cache = new RecordingCache(2, clock);
    cache.put("a", 1);
    cache.put("b", 2);

    cache.invalidate("a");
    cache.invalidate("absent");

    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.evictions).isEmpty();
  }

  @Test
  void reportsItsShape() {
    RecordingCache cache = new RecordingCache(5, clock);
    cache.put("a", 1);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.capacity()).isEqualTo(5);
    assertThat(cache.namespace()).isEqualTo("test");
  }

  @Test
  void rejectsAnEmptyCapacityOrTimeToLive() {
    assertThatThrownBy(() -> new LruTtlCache<>("x", 0, TTL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LruTtlCache<>("x", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
