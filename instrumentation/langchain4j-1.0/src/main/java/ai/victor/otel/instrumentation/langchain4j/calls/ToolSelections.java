package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.SelectionRecorder;
import ai.victor.otel.core.recording.Telemetry;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * Tool selection through LangChain4j's {@code ToolProvider.provideTools}, which AI services call
 * per invocation to decide which tools the model is offered, and {@code ToolSearchStrategy.search}
 * (1.12+), which finds tools when the model asks for them: a {@code select_tools} span and the
 * selection series. LangChain4j caches no selection, so every selection is computed: cache type
 * {@code none}, result {@code miss}. The tool count is known for tool providers only.
 */
public final class ToolSelections {
  private static final String ROLE = Role.SELECTOR.key();
  private static final String CACHE_TYPE = "none";
  private static volatile ToolSelections global;

  private final Telemetry telemetry;
  private final SelectionRecorder recorder;
  private final ThreadLocal<Selection> current = new ThreadLocal<>();

  ToolSelections(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.recorder = new SelectionRecorder(telemetry);
  }

  public static ToolSelections instance() {
    ToolSelections selections = global;
    if (selections == null) {
      synchronized (ToolSelections.class) {
        selections = global;
        if (selections == null) {
          selections = new ToolSelections(Telemetry.get());
          global = selections;
        }
      }
    }
    return selections;
  }

  /** Enter advice of {@code provideTools}: the selection to pass to {@link #exit}, or null. */
  public Object enter(Object provider) {
    try {
      Selection parent = current.get();
      for (Selection s = parent; s != null; s = s.parent) {
        if (s.provider == provider) {
          return null;
        }
      }
      Context context = Context.current();
      Span span = recorder.start(context);
      Selection selection = new Selection(parent, provider, span,
          context.with(span).makeCurrent(), System.nanoTime());
      current.set(selection);
      return selection;
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
      return null;
    }
  }

  /** Exit advice of {@code provideTools}; never throws. */
  public void exit(Object started, Object result, Throwable thrown) {
    if (!(started instanceof Selection)) {
      return;
    }
    Selection selection = (Selection) started;
    long nanos = System.nanoTime() - selection.startNanos;
    try {
      current.set(selection.parent);
      selection.scope.close();
      Span span = selection.span;
      long tools = -1;
      if (thrown == null) {
        if (result instanceof ToolProviderResult) {
          Map<?, ?> offered = ((ToolProviderResult) result).tools();
          tools = offered == null ? 0 : offered.size();
          span.setAttribute(Recorders.SELECTION_TOOL_COUNT, tools);
        }
        span.setAttribute(Recorders.SELECTION_CACHE_TYPE, CACHE_TYPE);
      } else {
        // a failed selection still took time: it is timed, as a miss
        span.setStatus(StatusCode.ERROR);
        span.recordException(thrown);
      }
      recorder.record(nanos, CACHE_TYPE, false, tools);
      span.end();
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
    }
  }

  private static final class Selection {
    final Selection parent;
    final Object provider;
    final Span span;
    final Scope scope;
    final long startNanos;

    Selection(Selection parent, Object provider, Span span, Scope scope, long startNanos) {
      this.parent = parent;
      this.provider = provider;
      this.span = span;
      this.scope = scope;
      this.startNanos = startNanos;
    }
  }
}
