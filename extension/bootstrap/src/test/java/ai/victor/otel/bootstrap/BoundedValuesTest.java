package ai.victor.otel.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedValuesTest {

  @Test
  void admitsUpToTheLimitThenFoldsNewcomersIntoOther() {
    BoundedValues values = new BoundedValues(3);
    assertThat(values.bound("a")).isEqualTo("a");
    assertThat(values.bound("b")).isEqualTo("b");
    assertThat(values.bound("c")).isEqualTo("c");
    assertThat(values.bound("d")).isEqualTo("_other");
    assertThat(values.bound("e")).isEqualTo("_other");
    // Admitted values keep working after the cap is reached.
    assertThat(values.bound("a")).isEqualTo("a");
    assertThat(values.bound("c")).isEqualTo("c");
    assertThat(values.size()).isEqualTo(3);
  }

  @Test
  void repeatedValuesTakeOneSlot() {
    BoundedValues values = new BoundedValues(2);
    for (int i = 0; i < 10; i++) {
      assertThat(values.bound("same")).isEqualTo("same");
    }
    assertThat(values.bound("other")).isEqualTo("other");
    assertThat(values.size()).isEqualTo(2);
  }

  @Test
  void nullReadsAsUnknownAndCountsTowardsTheCap() {
    BoundedValues values = new BoundedValues(1);
    assertThat(values.bound(null)).isEqualTo("unknown");
    assertThat(values.bound(null)).isEqualTo("unknown");
    assertThat(values.bound("unknown")).isEqualTo("unknown");
    assertThat(values.bound("x")).isEqualTo("_other");
  }

  @Test
  void returnsTheAdmittedInstanceSoEqualStringsShareOne() {
    BoundedValues values = new BoundedValues(5);
    String first = values.bound(new String("tool"));
    assertThat(values.bound(new String("tool"))).isSameAs(first);
  }

  @Test
  void racingAdmissionsNeverOvershootTheCap() throws Exception {
    final int threads = 8;
    final BoundedValues values = new BoundedValues(10);
    final CountDownLatch start = new CountDownLatch(1);
    final AtomicInteger wrong = new AtomicInteger();
    List<Thread> workers = new ArrayList<Thread>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 1000; i++) {
          String value = "v" + id + "-" + i;
          String bound = values.bound(value);
          if (!bound.equals(value) && !bound.equals("_other")) {
            wrong.incrementAndGet();
          }
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(wrong.get()).isZero();
    assertThat(values.size()).isEqualTo(10);
  }
}
