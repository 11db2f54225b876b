package ai.victor.otel.core.configured;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.BoundedValues;
import ai.victor.otel.core.recording.InstanceTable;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Cache calls of configured classes: lookups become hits or misses (a {@code null} or empty
 * {@code Optional} result is a miss), puts, evictions and invalidations are counted, a sample of
 * lookups is timed, and instances with size accessors feed the entries/utilization/memory gauges.
 *
 * <p>This is the hot path: a lookup costs a thread-local re-entry check, a class lookup, an identity
 * table probe and one counter add with pre-built attributes. No string, attribute or boxing work
 * happens per call unless the namespace is configured to come from an argument.
 */
public final class CacheCalls {
  public static final int GET = 0;
  public static final int PUT = 1;
  public static final int EVICTION = 2;
  public static final int INVALIDATION = 3;

  /** Start of a nested call of the same kind, recorded by the outer call instead. */
  static final long NESTED = Long.MIN_VALUE;
  /** Start of a call outside the latency sample. */
  static final long UNSAMPLED = Long.MIN_VALUE + 1;

  private static final ThreadLocal<InstanceStack[]> IN_PROGRESS =
      new ThreadLocal<InstanceStack[]>() {
        @Override
        protected InstanceStack[] initialValue() {
          return new InstanceStack[] {
            new InstanceStack(), new InstanceStack(), new InstanceStack(), new InstanceStack()
          };
        }
      };
  private static volatile CacheCalls global;

  private final Telemetry telemetry;
  private final List<Target> targets;
  private final int sampleMask;
  private final BoundedValues namespaces;
  private final Map<String, CacheRecorder> recorders = new ConcurrentHashMap<>();
  private final ClassValue<Binding> bindings = new ClassValue<Binding>() {
    @Override
    protected Binding computeValue(Class<?> type) {
      Target target = TargetLookup.find(targets, type);
      return target == null ? null : new Binding(target);
    }
  };
  private final List<Observed> observed = new ArrayList<>();

  CacheCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.targets = telemetry.config().targets(Role.CACHE);
    int every = telemetry.config().cacheLatencySampleEvery();
    this.sampleMask = every == 0 ? -1 : every - 1;
    this.namespaces = telemetry.cacheNamespaces();
  }

  /** This class loader's instance, recording into the agent's SDK. */
  public static CacheCalls instance() {
    CacheCalls calls = global;
    if (calls == null) {
      synchronized (CacheCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new CacheCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  /** For tests: calls recorded into the given telemetry. */
  public static CacheCalls create(Telemetry telemetry) {
    return new CacheCalls(telemetry);
  }

  /**
   * Enter advice of every cache method kind; returns the token its exit advice passes back (null
   * when this advice failed, and the exit then does nothing). A call on an instance already in a
   * call of the same kind on this thread (an override calling {@code super.get}, {@code get(k)}
   * calling {@code get(k, loader)}) is nested and not counted; a lookup in another cache (an L1
   * calling its L2) is.
   *
   * <p>The token is this thread's stack of calls of the kind, which holds the call's start time:
   * handing it to the exit saves the exit a second thread-local lookup.
   */
  public Object enter(int kind, Object cache) {
    InstanceStack stack = IN_PROGRESS.get()[kind];
    long start = UNSAMPLED;
    if (stack.contains(cache)) {
      start = NESTED;
    } else if (kind == GET && sampleMask >= 0 && (stack.nextRandom() & sampleMask) == 0) {
      start = System.nanoTime();
      if (start == NESTED || start == UNSAMPLED) {
        start++;
      }
    }
    stack.push(cache, start);
    return stack;
  }

  /** The start the innermost call of the token's stack was entered with; for tests. */
  static long start(Object token) {
    return ((InstanceStack) token).peek();
  }

  /** Exit advice of a lookup. */
  public void lookupExit(Class<?> origin, Object cache, Object token, Object result,
      Throwable thrown, Object a0, Object a1, Object a2, Object a3) {
    if (!(token instanceof InstanceStack)) {
      return;
    }
    InstanceStack stack = (InstanceStack) token;
    long start = stack.pop();
    if (start == NESTED || cache == null || thrown != null) {
      return;
    }
    try {
      CacheRecorder recorder = stack.remembered(origin, cache);
      if (recorder == null) {
        recorder = recorder(origin, cache, stack, a0, a1, a2, a3);
      }
      if (recorder == null) {
        return;
      }
      boolean hit = result != null && !(result instanceof Optional && !((Optional<?>) result)
          .isPresent());
      if (hit) {
        recorder.hit();
      } else {
        recorder.miss();
      }
      if (start != UNSAMPLED) {
        recorder.latency(System.nanoTime() - start);
      }
    } catch (Throwable t) {
      telemetry.failures().record("cache", t);
    }
  }

  /** Exit advice of a put, eviction or invalidation. */
  public void operationExit(Class<?> origin, Object cache, int kind, Object token,
      Throwable thrown, Object a0, Object a1, Object a2, Object a3) {
    if (!(token instanceof InstanceStack)) {
      return;
    }
    InstanceStack stack = (InstanceStack) token;
    long start = stack.pop();
    if (start == NESTED || cache == null || thrown != null) {
      return;
    }
    try {
      CacheRecorder recorder = stack.remembered(origin, cache);
      if (recorder == null) {
        recorder = recorder(origin, cache, stack, a0, a1, a2, a3);
      }
      if (recorder == null) {
        return;
      }
      if (kind == PUT) {
        recorder.put();
      } else if (kind == EVICTION) {
        recorder.eviction();
      } else {
        recorder.invalidation();
      }
    } catch (Throwable t) {
      telemetry.failures().record("cache", t);
    }
  }

  private CacheRecorder recorder(Class<?> origin, Object cache, InstanceStack stack, Object a0,
      Object a1, Object a2, Object a3) throws ReflectiveOperationException {
    Binding binding = bindings.get(origin);
    if (binding == null) {
      return null;
    }
    if (binding.perInstance) {
      InstanceTable.Entry<CacheRecorder> entry = binding.instances.entry(cache, binding.resolver);
      stack.remember(origin, entry);
      return entry.value();
    }
    Object namespace = binding.target.accessor("namespace").value(cache, null, a0, a1, a2, a3);
    return recorderFor(Accessor.asString(namespace));
  }

  /**
   * The recorder of a namespace, shared with the cache library modules so that a namespace is one
   * series and the cardinality cap counts every source of namespaces together.
   */
  public CacheRecorder recorderFor(String namespace) {
    String bounded = namespaces.bound(namespace);
    CacheRecorder recorder = recorders.get(bounded);
    if (recorder == null) {
      recorder = recorders.computeIfAbsent(bounded, ns -> Recorders.cache(telemetry, ns));
    }
    return recorder;
  }

  /**
   * Whether a configured cache target covers this class. A library module skips such instances:
   * the user named them explicitly, so the configured namespace counts them, once.
   */
  public boolean isConfigured(Class<?> type) {
    return bindings.get(type) != null;
  }

  /** Resolves an instance's recorder once, and registers the instance for the size gauges. */
  private CacheRecorder resolve(Target target, Object cache) {
    try {
      Object namespace = target.accessor("namespace").value(cache, null, null, null, null, null);
      CacheRecorder recorder = recorderFor(Accessor.asString(namespace));
      if (target.accessor("size") != null) {
        observe(new Observed(cache, target, recorder.namespace()));
      }
      return recorder;
    } catch (Throwable t) {
      telemetry.failures().record("cache", t);
      return recorderFor(Labels.UNKNOWN);
    }
  }

  private void observe(Observed instance) {
    synchronized (observed) {
      if (observed.isEmpty()) {
        registerGauges();
      }
      observed.removeIf(o -> o.cache.get() == null);
      observed.add(instance);
    }
  }

  private void registerGauges() {
    ObservableLongMeasurement entries = telemetry.meter()
        .gaugeBuilder(Metric.CACHE_ENTRIES.otelName()).ofLongs()
        .setUnit(Metric.CACHE_ENTRIES.unit())
        .setDescription(Metric.CACHE_ENTRIES.description())
        .buildObserver();
    ObservableDoubleMeasurement utilization = telemetry.meter()
        .gaugeBuilder(Metric.CACHE_UTILIZATION.otelName())
        .setUnit(Metric.CACHE_UTILIZATION.unit())
        .setDescription(Metric.CACHE_UTILIZATION.description())
        .buildObserver();
    ObservableLongMeasurement memory = telemetry.meter()
        .gaugeBuilder(Metric.CACHE_MEMORY.otelName()).ofLongs()
        .setUnit(Metric.CACHE_MEMORY.unit())
        .setDescription(Metric.CACHE_MEMORY.description())
        .buildObserver();
    telemetry.meter().batchCallback(() -> observeSizes(entries, utilization, memory),
        entries, utilization, memory);
  }

  /** Sums instances sharing a namespace, so each namespace reports one value per gauge. */
  private void observeSizes(ObservableLongMeasurement entries,
      ObservableDoubleMeasurement utilization, ObservableLongMeasurement memory) {
    List<Observed> snapshot;
    synchronized (observed) {
      snapshot = new ArrayList<>(observed);
    }
    Map<String, long[]> totals = new HashMap<>();
    for (Observed instance : snapshot) {
      Object cache = instance.cache.get();
      if (cache == null) {
        continue;
      }
      try {
        long size = Accessor.asCount(instance.target.accessor("size")
            .value(cache, null, null, null, null, null));
        if (size < 0) {
          continue;
        }
        Accessor capacityAccessor = instance.target.accessor("capacity");
        long capacity = capacityAccessor == null ? -1 : Accessor.asCount(
            capacityAccessor.value(cache, null, null, null, null, null));
        Accessor memoryAccessor = instance.target.accessor("memory");
        long bytes = memoryAccessor == null ? size * instance.target.entryBytes()
            : Accessor.asCount(memoryAccessor.value(cache, null, null, null, null, null));
        long[] total = totals.get(instance.namespace);
        if (total == null) {
          total = new long[3];
          totals.put(instance.namespace, total);
        }
        total[0] += size;
        total[1] = capacity < 0 || total[1] < 0 ? -1 : total[1] + capacity;
        total[2] += Math.max(bytes, 0);
      } catch (Throwable t) {
        telemetry.failures().record("cache", t);
      }
    }
    for (Map.Entry<String, long[]> entry : totals.entrySet()) {
      Attributes attributes = Attributes.of(NAMESPACE, entry.getKey());
      long[] total = entry.getValue();
      entries.record(total[0], attributes);
      memory.record(total[2], attributes);
      if (total[1] > 0) {
        utilization.record(Math.min(1.0, (double) total[0] / total[1]), attributes);
      }
    }
  }

  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(Labels.NAMESPACE);

  /** What is known about a configured class: its target and, per instance, its recorder. */
  private final class Binding {
    final Target target;
    final boolean perInstance;
    final InstanceTable<CacheRecorder> instances = new InstanceTable<>(65_536);
    final Function<Object, CacheRecorder> resolver;

    Binding(Target target) {
      this.target = target;
      this.perInstance = target.accessor("namespace").isPerInstance();
      this.resolver = cache -> resolve(target, cache);
    }
  }

  /**
   * The calls of one kind in progress on one thread, innermost last: their instances (for the
   * re-entry check) and start times. It also draws the latency sample, with a per-thread
   * xorshift generator that costs a few arithmetic operations and no shared state.
   */
  private static final class InstanceStack {
    private Object[] instances = new Object[4];
    private long[] starts = new long[4];
    private int size;
    private int random = ThreadLocalRandom.current().nextInt() | 1;
    // The last instance's recorder on this thread: most calls hit the same cache as the one
    // before, and this skips the class and instance look-ups (about 8 ns of a lookup's ~30,
    // docs/performance.md). The entry holds the instance weakly, so nothing is kept alive.
    private Class<?> lastOrigin;
    private InstanceTable.Entry<CacheRecorder> lastEntry;

    /** The recorder of the last instance seen, if {@code cache} is it, reached the same way. */
    CacheRecorder remembered(Class<?> origin, Object cache) {
      InstanceTable.Entry<CacheRecorder> entry = lastEntry;
      return entry != null && origin == lastOrigin && entry.get() == cache ? entry.value() : null;
    }

    void remember(Class<?> origin, InstanceTable.Entry<CacheRecorder> entry) {
      lastOrigin = origin;
      lastEntry = entry;
    }

    /** True when {@code instance} is already in a call of this kind (a re-entry). */
    boolean contains(Object instance) {
      for (int i = 0; i < size; i++) {
        if (instances[i] == instance) {
          return true;
        }
      }
      return false;
    }

    void push(Object instance, long start) {
      if (size == instances.length) {
        instances = java.util.Arrays.copyOf(instances, size * 2);
        starts = java.util.Arrays.copyOf(starts, size * 2);
      }
      instances[size] = instance;
      starts[size++] = start;
    }

    /** Removes the innermost call and returns its start; {@link #NESTED} if there is none. */
    long pop() {
      if (size == 0) {
        return NESTED;
      }
      instances[--size] = null;
      return starts[size];
    }

    long peek() {
      return starts[size - 1];
    }

    int nextRandom() {
      int x = random;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      random = x;
      return x;
    }
  }

  private static final class Observed {
    final WeakReference<Object> cache;
    final Target target;
    final String namespace;

    Observed(Object cache, Target target, String namespace) {
      this.cache = new WeakReference<>(cache);
      this.target = target;
      this.namespace = namespace;
    }
  }
}
