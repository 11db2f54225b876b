package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;

/**
 * Streaming calls waiting for their handler to hear completion or failure, found by the handler's
 * identity (never its {@code hashCode}/{@code equals}, which are user code). Handlers are held
 * weakly: a provider that drops a handler without ever calling it leaks nothing here.
 */
final class PendingStreams {
  /** Beyond this many streams in flight, new ones are not traced rather than grow the table. */
  private static final int MAX_PENDING = 10_000;

  private final WeakIdentityMap<ChatCall> calls = new WeakIdentityMap<>();

  /**
   * False when the call must not wait for its handler: the table is full, or the handler already
   * serves a stream still in flight.
   */
  boolean put(Object handler, ChatCall call) {
    return calls.size() < MAX_PENDING && calls.putIfAbsent(handler, call) == call;
  }

  /** The call waiting for {@code handler}, left waiting; null when none is. */
  ChatCall get(Object handler) {
    return calls.size() == 0 ? null : calls.get(handler);
  }

  /** The call waiting for {@code handler}, removed; null when none is. */
  ChatCall remove(Object handler) {
    return calls.size() == 0 ? null : calls.remove(handler);
  }
}
