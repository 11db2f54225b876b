package ai.victor.otel.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InstanceTableTest {

  /** Equal to every other instance, with one hash code: only identity tells them apart. */
  static final class AllEqual {
    @Override
    public boolean equals(Object other) {
      return other instanceof AllEqual;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  /** A key whose hashCode and equals throw, as some user objects do. */
  static final class Hostile {
    @Override
    public boolean equals(Object other) {
      throw new UnsupportedOperationException("equals");
    }

    @Override
    public int hashCode() {
      throw new UnsupportedOperationException("hashCode");
    }
  }

  /** A resolver that counts its calls and names each value after the call number. */
  static final class Counting implements Function<Object, String> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String apply(Object key) {
      return "value-" + calls.incrementAndGet();
    }
  }

  @Test
  void resolvesOncePerInstance() {
    InstanceTable<String> table = new InstanceTable<String>(100);
    Counting resolver = new Counting();
    Object key = new Object();
    assertThat(table.get(key, resolver)).isEqualTo("value-1");
    assertThat(table.get(key, resolver)).isEqualTo("value-1");
    assertThat(table.get(key, resolver)).isEqualTo("value-1");
    assertThat(resolver.calls.get()).isEqualTo(1);
  }

  @Test
  void equalButDistinctKeysGetSeparateValues() {
    InstanceTable<String> table = new InstanceTable<String>(100);
    Counting resolver = new Counting();
    AllEqual a = new AllEqual();
    AllEqual b = new AllEqual();
    String s1 = new String("same");
    String s2 = new String("same");
    assertThat(table.get(a, resolver)).isEqualTo("value-1");
    assertThat(table.get(b, resolver)).isEqualTo("value-2");
    assertThat(table.get(s1, resolver)).isEqualTo("value-3");
    assertThat(table.get(s2, resolver)).isEqualTo("value-4");
    assertThat(table.get(a, resolver)).isEqualTo("value-1");
    assertThat(table.get(b, resolver)).isEqualTo("value-2");
    assertThat(table.get(s2, resolver)).isEqualTo("value-4");
    assertThat(resolver.calls.get()).isEqualTo(4);
  }

  @Test
  void keysWhoseHashCodeAndEqualsThrowWork() {
    InstanceTable<String> table = new InstanceTable<String>(100);
    Counting resolver = new Counting();
    Hostile first = new Hostile();
    Hostile second = new Hostile();
    assertThat(table.get(first, resolver)).isEqualTo("value-1");
    assertThat(table.get(second, resolver)).isEqualTo("value-2");
    assertThat(table.get(first, resolver)).isEqualTo("value-1");
    assertThat(resolver.calls.get()).isEqualTo(2);
  }

  @Test
  void growsBeyondItsInitialSizeKeepingEveryValue() {
    InstanceTable<String> table = new InstanceTable<String>(10_000);
    Counting resolver = new Counting();
    List<Object> keys = new ArrayList<Object>();
    for (int i = 0; i < 1000; i++) {
      keys.add(new Object());
      table.get(keys.get(i), resolver);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(table.get(keys.get(i), resolver)).isEqualTo("value-" + (i + 1));
    }
    assertThat(resolver.calls.get()).isEqualTo(1000);
  }

  @Test
  void beyondTheCapValuesAreComputedPerCallButStayCorrect() {
    InstanceTable<String> table = new InstanceTable<String>(2);
    Counting resolver = new Counting();
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    table.get(a, resolver);
    table.get(b, resolver);
    assertThat(resolver.calls.get()).isEqualTo(2);

    assertThat(table.get(c, resolver)).isEqualTo("value-3");
    assertThat(table.get(c, resolver)).isEqualTo("value-4"); // not cached: the table is full
    assertThat(table.get(a, resolver)).isEqualTo("value-1"); // cached entries still served
    assertThat(table.get(b, resolver)).isEqualTo("value-2");
    assertThat(resolver.calls.get()).isEqualTo(4);
  }

  /** Fills the table's only slot with a key nothing else references; returns a probe of it. */
  private static WeakReference<Object> fillWithUnreachableKey(InstanceTable<String> table,
      Counting resolver) {
    Object key = new Object();
    table.get(key, resolver);
    return new WeakReference<Object>(key);
  }

  @Test
  void keysAreWeakSoCollectedKeysFreeTheirSlot() throws Exception {
    InstanceTable<String> table = new InstanceTable<String>(1);
    Counting resolver = new Counting();
    WeakReference<Object> probe = fillWithUnreachableKey(table, resolver);
    Object live = new Object();
    table.get(live, resolver);
    table.get(live, resolver);
    assertThat(resolver.calls.get()).as("the table is full, so not cached").isEqualTo(3);

    for (int attempt = 0; attempt < 50 && probe.get() != null; attempt++) {
      System.gc();
      Thread.sleep(10);
    }
    assumeTrue(probe.get() == null, "the JVM did not collect the key; nothing to check");

    int before = resolver.calls.get();
    String value = table.get(live, resolver);
    assertThat(table.get(live, resolver)).isEqualTo(value);
    assertThat(table.get(live, resolver)).isEqualTo(value);
    assertThat(resolver.calls.get() - before).as("cached once the slot was freed").isEqualTo(1);
  }

  @Test
  void entryIsTheTablesOwnUntilTheTableIsFull() {
    InstanceTable<String> table = new InstanceTable<String>(1);
    Object first = new Object();
    Object second = new Object();
    InstanceTable.Entry<String> entry = table.entry(first, key -> "first");
    assertThat(table.entry(first, key -> "again")).isSameAs(entry);
    assertThat(entry.get()).isSameAs(first);
    assertThat(entry.value()).isEqualTo("first");
    // Full: a correct entry each time, just not kept.
    InstanceTable.Entry<String> overflow = table.entry(second, key -> "second");
    assertThat(overflow.value()).isEqualTo("second");
    assertThat(table.entry(second, key -> "second")).isNotSameAs(overflow);
  }
}
