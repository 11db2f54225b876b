package ai.victor.otel.core.configured;

import io.opentelemetry.context.Scope;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Observes a Reactor {@code Mono} or {@code Flux} returned by a configured method: a cold
 * publisher does its work only when subscribed, so the only way to see it complete is to return
 * one that observes it. The replacement subscribes to the original with the call's span current
 * (so the work it causes nests under the span) and passes every signal on unchanged; the call ends
 * on the first terminal signal (a re-subscription is not timed again) and a cancellation is not a
 * success. A publisher that is never subscribed records nothing.
 *
 * <p>Loaded only for a method declared to return a Mono or Flux, so Reactor is there.
 */
final class ReactorEnd {
  private ReactorEnd() {}

  /** The publisher to return instead of {@code result}, or null to keep it (ended at once). */
  @SuppressWarnings("unchecked")
  static Object observe(Object result, AsyncEnd end) {
    if (result instanceof Mono) {
      Mono<Object> mono = (Mono<Object>) result;
      return Mono.from(subscriber -> {
        try (Scope ignored = end.context.makeCurrent()) {
          mono.subscribe(subscriber);
        }
      }).doOnSuccess(end::succeeded).doOnError(end::failed).doOnCancel(end::cancelled);
    }
    if (result instanceof Flux) {
      Flux<Object> flux = (Flux<Object>) result;
      return Flux.from(subscriber -> {
        try (Scope ignored = end.context.makeCurrent()) {
          flux.subscribe(subscriber);
        }
      }).doOnNext(end::next).doOnComplete(end::completed).doOnError(end::failed)
          .doOnCancel(end::cancelled);
    }
    end.succeeded(result); // another type: nothing to wait for
    return null;
  }
}
