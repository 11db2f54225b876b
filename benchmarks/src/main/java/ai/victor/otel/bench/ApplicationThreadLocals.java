package ai.victor.otel.bench;

/**
 * What a real service does before its first cache call: use thread-locals (its framework's
 * request context, logging's MDC, the agent's own context), so that {@code ThreadLocal.get} is hot
 * and compiled on its own by the time the cache methods are. The JIT then no longer inlines it
 * into them ("already compiled into a big method"): a probe that skipped this would measure a
 * {@code ThreadLocal.get} on the cache path cheaper than in production.
 */
final class ApplicationThreadLocals {
  private static final ThreadLocal<Object> CONTEXT = ThreadLocal.withInitial(Object::new);
  private static volatile Object sink;

  private ApplicationThreadLocals() {}

  static void warmUp() {
    for (int i = 0; i < 2_000_000; i++) {
      sink = CONTEXT.get();
    }
  }
}
