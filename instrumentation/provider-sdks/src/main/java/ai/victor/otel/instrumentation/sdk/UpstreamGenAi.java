package ai.victor.otel.instrumentation.sdk;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.lang.reflect.Field;

/**
 * Whether the upstream agent's own GenAI instrumentation is recording the call in progress: its
 * OpenAI module (2.33.1: chat completions, blocking, async and streamed, of clients built by the
 * OkHttp builders) runs the SDK's service inside a context that its GenAI client metrics marked
 * with a context key of theirs. That key is read once, by reflection, from the agent's class on
 * the bootstrap class path; every call then costs one context lookup. On an agent without that
 * class (before 2.15, which had no GenAI instrumentation either) nothing is ever upstream's.
 */
public final class UpstreamGenAi {
  private static final String METRICS =
      "io.opentelemetry.javaagent.shaded.instrumentation.api.incubator.semconv.genai"
          + ".GenAiClientMetrics";
  private static final ContextKey<?> KEY = key();

  private UpstreamGenAi() {}

  /** True when an upstream GenAI operation (its span and its metrics) encloses this context. */
  public static boolean records(Context context) {
    return KEY != null && context.get(KEY) != null;
  }

  private static ContextKey<?> key() {
    try {
      Field field = Class.forName(METRICS, false, null)
          .getDeclaredField("GEN_AI_CLIENT_METRICS_STATE");
      field.setAccessible(true);
      Object key = field.get(null);
      return key instanceof ContextKey ? (ContextKey<?>) key : null;
    } catch (Throwable t) {
      return null;
    }
  }
}
