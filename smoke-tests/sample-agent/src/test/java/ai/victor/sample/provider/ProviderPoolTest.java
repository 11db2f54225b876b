package ai.victor.sample.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderPoolTest {

  private static final ChatRequest REQUEST = new ChatRequest("req-1", "hello", List.of("search"));

  /** A provider that answers, or always fails with the given status, and counts its calls. */
  private static final class StubProvider implements LlmProvider {
    final String name;
    volatile int failureStatus;
    final AtomicInteger calls = new AtomicInteger();

    StubProvider(String name, int failureStatus) {
      this.name = name;
      this.failureStatus = failureStatus;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String model() {
      return name + "-model";
    }

    @Override
    public Completion complete(ChatRequest request) throws ProviderException {
      calls.incrementAndGet();
      if (failureStatus == 429) {
        throw new RateLimitedException(name);
      }
      if (failureStatus != 0) {
        throw new ProviderServerException(name, failureStatus);
      }
      return new Completion(name, model(), "hi", 1, 1, request.tools(), "tool_calls");
    }
  }

  @Test
  void failsOverToTheNextProvider() throws ProviderException {
    StubProvider broken = new StubProvider("broken", 503);
    StubProvider working = new StubProvider("working", 0);
    ProviderPool pool = new ProviderPool(List.of(broken, working));

    Completion completion = pool.complete(REQUEST);

    assertThat(completion.provider()).isEqualTo("working");
    assertThat(broken.calls).hasValue(1);
  }

  @Test
  void throwsTheLastFailureWhenAllProvidersFail() {
    StubProvider first = new StubProvider("first", 500);
    StubProvider second = new StubProvider("second", 429);
    ProviderPool pool = new ProviderPool(List.of(first, second));

    assertThatThrownBy(() -> pool.complete(REQUEST))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((ProviderException) e).statusCode()).isEqualTo(429))
        .satisfies(e -> assertThat(((ProviderException) e).provider()).isEqualTo("second"));
    assertThat(first.calls).hasValue(1);
  }

  @Test
  void skipsAProviderWhileMostOfItsRecentCallsFailed() throws ProviderException {
    StubProvider broken = new StubProvider("broken", 500);
    StubProvider working = new StubProvider("working", 0);
    ProviderPool pool = new ProviderPool(List.of(broken, working));

    for (int i = 0; i < 20; i++) {
      assertThat(pool.complete(REQUEST).provider()).isEqualTo("working");
    }

    // Tried until more than half of its window of 10 failed, then skipped.
    assertThat(broken.calls).hasValue(ProviderPool.WINDOW / 2 + 1);
  }

  @Test
  void triesUnhealthyProvidersAsALastResort() throws ProviderException {
    StubProvider first = new StubProvider("first", 500);
    StubProvider second = new StubProvider("second", 502);
    StubProvider third = new StubProvider("third", 0);
    ProviderPool pool = new ProviderPool(List.of(first, second, third));
    for (int i = 0; i < 20; i++) {
      pool.complete(REQUEST);
    }

    // Both failing providers are unhealthy now, so each call goes to the third directly...
    assertThat(pool.complete(REQUEST).provider()).isEqualTo("third");
    assertThat(first.calls).hasValue(ProviderPool.WINDOW / 2 + 1);
    assertThat(second.calls).hasValue(ProviderPool.WINDOW / 2 + 1);

    // ...but should it fail as well, the unhealthy ones are still tried, in configured order.
    third.failureStatus = 503;
    assertThatThrownBy(() -> pool.complete(REQUEST))
        .isInstanceOf(ProviderServerException.class)
        .satisfies(e -> assertThat(((ProviderException) e).provider()).isEqualTo("second"));
    assertThat(first.calls).hasValue(ProviderPool.WINDOW / 2 + 2);
  }
}
