package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Key;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the traced roles (selector, provider, tool) share: finding the target of an instrumented
 * class, the per-thread stack of calls in progress, opening and closing the span's scope, and
 * ending calls whose result is asynchronous when that result completes.
 *
 * <p>One advice serves the three roles ({@code SpanAdvice}, {@code AsyncSpanAdvice}): {@link
 * #onEnter} finds the role from the instrumented class, once per class, and the method name when
 * the class has methods in more than one role.
 */
public abstract class SpanCalls<R> {
  /** Per instrumented class: its role's calls and target, or an array of them, or NONE. */
  private static final Object NONE = new Object();
  private static final ClassValue<Object> ROLES = new ClassValue<Object>() {
    @Override
    protected Object computeValue(Class<?> type) {
      java.util.List<Binding> found = new java.util.ArrayList<>();
      for (SpanCalls<?> calls : new SpanCalls<?>[] {SelectorCalls.instance(),
          ProviderCalls.instance(), ToolCalls.instance(), AgentCalls.instance()}) {
        Target target = calls.bindings.get(type);
        if (target != null) {
          found.add(new Binding(calls, target));
        }
      }
      return found.isEmpty() ? NONE
          : found.size() == 1 ? found.get(0) : found.toArray(new Binding[0]);
    }
  };

  final Telemetry telemetry;
  final String role;
  private final List<Target> targets;
  private final ThreadLocal<Call<R>> current = new ThreadLocal<>();
  private final ClassValue<Target> bindings = new ClassValue<Target>() {
    @Override
    protected Target computeValue(Class<?> type) {
      return TargetLookup.find(targets, type);
    }
  };

  SpanCalls(Telemetry telemetry, Role role) {
    this.telemetry = telemetry;
    this.role = role.key();
    this.targets = telemetry.config().targets(role);
  }

  /**
   * Enter advice of every span role: the call to pass to {@link #onExit} or {@link
   * #onAsyncExit}, or null when this call is not recorded. {@code method} tells the roles apart
   * only for a class that has methods in several.
   */
  public static Object onEnter(Class<?> origin, String method, Object self, Object a0, Object a1,
      Object a2, Object a3) {
    Object role = ROLES.get(origin);
    Binding binding = role instanceof Binding ? (Binding) role
        : role == NONE ? null : Binding.byMethod((Binding[]) role, method);
    return binding == null ? null : binding.calls.enter(binding.target, self, a0, a1, a2, a3);
  }

  /** Exit advice of a synchronous method: ends the call; never throws. */
  public static void onExit(Object started, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    if (started instanceof Call) {
      ((Call<?>) started).calls.exit(started, self, result, thrown, a0, a1, a2, a3);
    }
  }

  /**
   * Exit advice of a method returning a {@code CompletionStage}, {@code Mono} or {@code Flux}:
   * the call ends when the result completes (its duration, and accessors on {@code result} read
   * the completed value). Returns the value the method must return instead, or null to keep its
   * own: only a Reactor publisher is replaced, by one that observes it (a cold publisher has no
   * other way to be seen completing). Never throws.
   */
  public static Object onAsyncExit(Object started, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3) {
    if (!(started instanceof Call)) {
      return null;
    }
    return ((Call<?>) started).calls.exitAsync(started, self, result, thrown, a0, a1, a2, a3);
  }

  /** Enter advice: the call to pass to {@link #exit}, or null when this call is not recorded. */
  public final Object enter(Class<?> origin, Object self, Object a0, Object a1, Object a2,
      Object a3) {
    Target target = bindings.get(origin);
    return target == null ? null : enter(target, self, a0, a1, a2, a3);
  }

  final Object enter(Target target, Object self, Object a0, Object a1, Object a2, Object a3) {
    try {
      Call<R> parent = current.get();
      if (Call.isReentry(parent, self)) {
        return null;
      }
      R recorder = recorder(target, self, a0, a1, a2, a3);
      Context context = Context.current();
      Object handle = start(recorder, target, context, self, a0, a1, a2, a3);
      Call<R> call = new Call<>(this, self, parent, recorder, target, handle, spanOf(handle),
          contextOf(handle, context, recorder).makeCurrent(), System.nanoTime());
      current.set(call);
      return call;
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
      return null;
    }
  }

  /** Exit advice: ends what {@link #enter} started; never throws. */
  @SuppressWarnings("unchecked")
  public final void exit(Object started, Object self, Object result, Throwable thrown, Object a0,
      Object a1, Object a2, Object a3) {
    if (!(started instanceof Call)) {
      return;
    }
    Call<R> call = (Call<R>) started;
    long nanos = System.nanoTime() - call.startNanos;
    try {
      current.set(call.parent);
      call.scope.close();
      end(call, nanos, self, result, thrown, a0, a1, a2, a3);
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
    }
  }

  /**
   * Exit advice of an asynchronous method: pops the call from this thread (the method returned)
   * and ends it when {@code result} completes; see {@link #onAsyncExit}.
   */
  @SuppressWarnings("unchecked")
  final Object exitAsync(Object started, Object self, Object result, Throwable thrown, Object a0,
      Object a1, Object a2, Object a3) {
    if (thrown != null || result == null) {
      exit(started, self, result, thrown, a0, a1, a2, a3);
      return null;
    }
    Call<R> call = (Call<R>) started;
    try {
      AsyncEnd end = new AsyncEnd(this, call, Context.current(), self, a0, a1, a2, a3);
      current.set(call.parent);
      call.scope.close();
      if (result instanceof CompletionStage) {
        ((CompletionStage<?>) result).whenComplete(end);
        return null;
      }
      return ReactorEnd.observe(result, end);
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
      return null;
    }
  }

  /** Ends an asynchronous call once its result completed, failed or was cancelled. */
  @SuppressWarnings("unchecked")
  final void completed(Object started, long nanos, Object self, Object result, Throwable thrown,
      boolean cancelled, Object a0, Object a1, Object a2, Object a3) {
    Call<R> call = (Call<R>) started;
    try {
      if (cancelled) {
        cancel(call, nanos);
      } else {
        end(call, nanos, self, result, thrown, a0, a1, a2, a3);
      }
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
    }
  }

  abstract R recorder(Target target, Object self, Object a0, Object a1, Object a2, Object a3);

  /**
   * Starts the call's span: returns the span, or what holds it (a provider call, an agent
   * invocation), which {@link #spanOf} and {@link #contextOf} read.
   */
  abstract Object start(R recorder, Target target, Context parent, Object self, Object a0,
      Object a1, Object a2, Object a3);

  /** The span of what {@link #start} returned. */
  Span spanOf(Object handle) {
    return (Span) handle;
  }

  /** The context to make current while the call runs: the span's, by default. */
  Context contextOf(Object handle, Context parent, R recorder) {
    return parent.with((Span) handle);
  }

  /**
   * An element of an asynchronous {@code Flux} result arrived (AsyncEnd): nothing by default;
   * providers count it as a streamed chunk.
   */
  void next(Call<R> call) {}

  /** The call in progress on this thread for {@code instance}, or null. */
  final Call<R> inProgress(Object instance) {
    for (Call<R> call = current.get(); call != null; call = call.parent) {
      if (call.instance == instance) {
        return call;
      }
    }
    return null;
  }

  abstract void end(Call<R> call, long nanos, Object self, Object result, Throwable thrown,
      Object a0, Object a1, Object a2, Object a3);

  /**
   * Ends a call whose asynchronous result was cancelled by its consumer: neither a success nor an
   * error of the callee, so the span ends marked {@code victor.cancelled} and no duration or
   * outcome is counted.
   */
  abstract void cancel(Call<R> call, long nanos);

  /** One span role's calls and the target an instrumented class belongs to in that role. */
  private static final class Binding {
    final SpanCalls<?> calls;
    final Target target;

    Binding(SpanCalls<?> calls, Target target) {
      this.calls = calls;
      this.target = target;
    }

    /** For a class in several span roles: the one whose target lists the method. */
    static Binding byMethod(Binding[] bindings, String method) {
      for (Binding binding : bindings) {
        if (binding.target.methods("methods").contains(method)) {
          return binding;
        }
      }
      return null;
    }
  }

  /**
   * An accessor's value, or null when the target does not configure it or reading it failed. A
   * failing accessor is counted and logged once, and costs only its own value: the call is
   * still recorded.
   */
  final Object value(Target target, Key key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    Accessor accessor = target.accessor(key);
    if (accessor == null) {
      return null;
    }
    try {
      return accessor.value(self, result, a0, a1, a2, a3);
    } catch (Throwable t) {
      telemetry.failures().record(role, t);
      return null;
    }
  }

  /** Message content, only when capture is switched on, truncated to the configured length. */
  final String content(Target target, Key key, Object self, Object result, Object a0,
      Object a1, Object a2, Object a3) {
    if (!telemetry.config().captureContent() || target.accessor(key) == null) {
      return null;
    }
    Object value = value(target, key, self, result, a0, a1, a2, a3);
    if (value == null) {
      return null;
    }
    String text = value.toString();
    int max = telemetry.config().contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }
}
