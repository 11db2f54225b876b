package ai.victor.otel.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The table of threads seen last in front of the thread-local: a hint, never shared, no leak. */
class ThreadCallsTest {
  @Test
  void aThreadKeepsItsCallsAndIsFoundInTheTable() {
    ThreadCalls calls = ThreadCalls.current();

    assertThat(ThreadCalls.current()).isSameAs(calls);
    assertThat(ThreadCalls.inTable(Thread.currentThread())).isTrue();
  }

  @Test
  void threadsWhoseIdsShareASlotEachKeepTheirOwnCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<ThreadCalls> first = new AtomicReference<>();
    AtomicReference<ThreadCalls> firstAgain = new AtomicReference<>();
    CountDownLatch firstStarted = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      first.set(ThreadCalls.current());
      first.get().pushInstance("holder's cache", 1, 0);
      firstStarted.countDown();
      await(release);
      firstAgain.set(ThreadCalls.current());
    });
    holder.start();
    firstStarted.await();
    // New threads until one's id falls in the holder's slot: it takes the slot over.
    Thread colliding = null;
    AtomicReference<ThreadCalls> other = new AtomicReference<>();
    for (int i = 0; i < 4 * ThreadCalls.RECENT && colliding == null; i++) {
      Thread candidate = new Thread(() -> {
        ThreadCalls mine = ThreadCalls.current();
        assertThat(mine.popInstance(-1)).as("nothing of another thread").isEqualTo(-1);
        other.set(mine);
      });
      if ((candidate.getId() - holder.getId()) % ThreadCalls.RECENT == 0) {
        colliding = candidate;
        candidate.start();
        candidate.join();
      }
    }
    assertThat(colliding).isNotNull();
    assertThat(ThreadCalls.inTable(colliding)).isTrue();
    assertThat(ThreadCalls.inTable(holder)).isFalse();

    release.countDown();
    holder.join();
    assertThat(other.get()).isNotNull().isNotSameAs(first.get());
    assertThat(firstAgain.get()).isSameAs(first.get());
    assertThat(firstAgain.get().popInstance(-1)).isEqualTo(1);
  }

  @Test
  void threadsOverridingGetIdStillKeepTheirOwnCalls() throws Exception {
    int threads = 8;
    List<ThreadCalls> seen = new ArrayList<>();
    List<Thread> started = new ArrayList<>();
    CountDownLatch together = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      long mark = t;
      Thread thread = new Thread(() -> {
        ThreadCalls mine = ThreadCalls.current();
        mine.pushInstance("cache", mark, 0);
        together.countDown();
        await(together);
        for (int i = 0; i < 10_000; i++) {
          assertThat(ThreadCalls.current()).isSameAs(mine);
        }
        assertThat(mine.popInstance(-1)).isEqualTo(mark);
        synchronized (seen) {
          seen.add(mine);
        }
      }) {
        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
          return 42; // every one of them in the same slot
        }
      };
      started.add(thread);
      thread.start();
    }
    for (Thread thread : started) {
      thread.join();
    }
    assertThat(seen).hasSize(threads).doesNotHaveDuplicates();
  }

  @Test
  void aThreadFakingAnotherThreadsIdDoesNotGetItsCalls() throws Exception {
    ThreadCalls mine = ThreadCalls.current();
    assertThat(ThreadCalls.inTable(Thread.currentThread())).isTrue();
    long myId = Thread.currentThread().getId();
    mine.pushInstance("this thread's cache", 7, 0);
    AtomicReference<ThreadCalls> faker = new AtomicReference<>();
    AtomicReference<Long> fakerSaw = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      ThreadCalls calls = ThreadCalls.current();
      faker.set(calls);
      fakerSaw.set(calls.popInstance(-1));
    }) {
      @Override
      @SuppressWarnings("deprecation")
      public long getId() {
        return myId;
      }
    };
    thread.start();
    thread.join();

    assertThat(faker.get()).isNotNull().isNotSameAs(mine);
    assertThat(fakerSaw.get()).as("the faker popped nothing of this thread's").isEqualTo(-1L);
    assertThat(ThreadCalls.current()).isSameAs(mine);
    assertThat(mine.popInstance(-1)).isEqualTo(7);
  }

  @Test
  void theTableKeepsNoThreadThatDied() throws Exception {
    Thread thread = new Thread(ThreadCalls::current);
    thread.start();
    thread.join();
    WeakReference<Thread> dead = new WeakReference<>(thread);
    thread = null;

    for (int i = 0; i < 50 && dead.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(dead.get()).as("the dead thread, kept by nothing of ours").isNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
