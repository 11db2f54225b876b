package ai.victor.otel.instrumentation.langchain4j.calls;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming calls waiting for their handler to hear completion or failure, found by the handler's
 * identity (never its {@code hashCode}/{@code equals}, which are user code). Handlers are held
 * weakly: a provider that drops a handler without ever calling it leaks nothing here.
 */
final class PendingStreams {
  /** Beyond this many streams in flight, new ones are not traced rather than grow the table. */
  private static final int MAX_PENDING = 10_000;

  private final ConcurrentHashMap<HandlerKey, ChatCall> calls = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  /** False when the table is full and the call must not wait for its handler. */
  boolean put(Object handler, ChatCall call) {
    for (Object stale; (stale = collected.poll()) != null; ) {
      calls.remove(stale);
    }
    if (calls.size() >= MAX_PENDING) {
      return false;
    }
    calls.put(new HandlerKey(handler, collected), call);
    return true;
  }

  /** The call waiting for {@code handler}, removed; null when none is. */
  ChatCall remove(Object handler) {
    if (calls.isEmpty()) {
      return null;
    }
    return calls.remove(new HandlerKey(handler, null));
  }

  private static final class HandlerKey extends WeakReference<Object> {
    private final int hash;

    HandlerKey(Object handler, ReferenceQueue<Object> queue) {
      super(handler, queue);
      this.hash = System.identityHashCode(handler);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      if (!(other instanceof HandlerKey)) {
        return false;
      }
      Object referent = get();
      return referent != null && referent == ((HandlerKey) other).get();
    }
  }
}
