package ai.victor.otel.core.configured;

import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.bootstrap.CacheSizes;
import ai.victor.otel.bootstrap.ThreadCalls;
import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Telemetry;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cache calls of configured classes: lookups become hits or misses (a {@code null} or empty
 * {@code Optional} result is a miss), puts, evictions and invalidations are counted, a sample of
 * lookups is timed, and instances with size accessors feed the entries/utilization/memory gauges.
 *
 * <p>This is the hot path: a lookup costs a thread-local read, a re-entry check over this
 * thread's calls in progress, a check of the last instance this thread called (else a class
 * lookup and a lock-free weak-map lookup) and one counter add with pre-built attributes. No
 * string, attribute or boxing work happens per call unless the namespace is configured to come
 * from an argument. A new instance costs one insert into that map: no lock, no copy.
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
   * <p>The token is this thread's calls in progress, which hold the call's start time:
   * handing it to the exit saves the exit a second thread-local lookup.
   */
  public Object enter(int kind, Object cache) {
    ThreadCalls calls = ThreadCalls.current();
    long start = UNSAMPLED;
    if (calls.inProgress(cache, kind)) {
      start = NESTED;
    } else if (kind == GET && sampleMask >= 0 && (calls.nextRandom() & sampleMask) == 0) {
      start = System.nanoTime();
      if (start == NESTED || start == UNSAMPLED) {
        start++;
      }
    }
    calls.pushInstance(cache, start, kind);
    return calls;
  }

  /** The start the innermost call of the token's stack was entered with; for tests. */
  static long start(Object token) {
    return ((ThreadCalls) token).instanceStart();
  }

  /** Exit advice of a lookup. */
  public void lookupExit(Class<?> origin, Object cache, Object token, Object result,
      Throwable thrown, Object a0, Object a1, Object a2, Object a3) {
    if (!(token instanceof ThreadCalls)) {
      return;
    }
    ThreadCalls calls = (ThreadCalls) token;
    long start = calls.popInstance(NESTED);
    if (start == NESTED || cache == null || thrown != null) {
      return;
    }
    try {
      CacheRecorder recorder = remembered(calls, origin, cache);
      if (recorder == null) {
        recorder = recorder(origin, cache, calls, a0, a1, a2, a3);
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
    if (!(token instanceof ThreadCalls)) {
      return;
    }
    ThreadCalls calls = (ThreadCalls) token;
    long start = calls.popInstance(NESTED);
    if (start == NESTED || cache == null || thrown != null) {
      return;
    }
    try {
      CacheRecorder recorder = remembered(calls, origin, cache);
      if (recorder == null) {
        recorder = recorder(origin, cache, calls, a0, a1, a2, a3);
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

  /**
   * The recorder of the last instance this thread called, if {@code cache} is it, reached the
   * same way: most calls hit the same cache as the one before, and this skips the class and
   * instance look-ups (about 8 ns of a lookup's ~30, docs/performance.md). The thread keeps only
   * a weak handle of it, so neither the instance nor this class loader is kept alive.
   */
  private CacheRecorder remembered(ThreadCalls calls, Class<?> origin, Object cache) {
    WeakReference<?> handle = calls.lastConfigured;
    Object last = handle == null ? null : handle.get();
    if (last instanceof Instance) {
      Instance instance = (Instance) last;
      if (instance.get() == cache && instance.origin == origin && instance.owner == this) {
        return instance.recorder;
      }
    }
    return null;
  }

  private CacheRecorder recorder(Class<?> origin, Object cache, ThreadCalls calls, Object a0,
      Object a1, Object a2, Object a3) throws ReflectiveOperationException {
    Binding binding = bindings.get(origin);
    if (binding == null) {
      return null;
    }
    if (binding.perInstance) {
      Instance instance = binding.instances.get(cache, calls.lookup);
      if (instance == null) {
        instance = bind(binding, origin, cache);
      }
      calls.lastConfigured = instance.handle;
      return instance.recorder;
    }
    Object namespace = binding.target.accessor("namespace").value(cache, null, a0, a1, a2, a3);
    return recorderFor(Accessor.asString(namespace));
  }

  /**
   * Resolves a new instance's recorder and stores it. Two threads touching a new cache at once
   * may both resolve it, but one instance wins the insert, and only the winner is registered for
   * the size gauges: a cache is counted once in {@code victor.cache.entries}.
   */
  private Instance bind(Binding binding, Class<?> origin, Object cache) {
    Instance created = new Instance(this, origin, cache, binding.target,
        resolve(binding.target, cache));
    Instance stored = binding.instances.putIfAbsent(cache, created);
    if (stored == created && binding.target.accessor("size") != null) {
      telemetry.state().cacheSizes().add(created);
    }
    return stored;
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

  /** The recorder of an instance's namespace, read once per instance. */
  private CacheRecorder resolve(Target target, Object cache) {
    try {
      Object namespace = target.accessor("namespace").value(cache, null, null, null, null, null);
      return recorderFor(Accessor.asString(namespace));
    } catch (Throwable t) {
      telemetry.failures().record("cache", t);
      return recorderFor(Labels.UNKNOWN);
    }
  }

  /** What is known about a configured class: its target and, per instance, its recorder. */
  private static final class Binding {
    final Target target;
    final boolean perInstance;
    final WeakIdentityMap<Instance> instances = new WeakIdentityMap<>();

    Binding(Target target) {
      this.target = target;
      this.perInstance = target.accessor("namespace").isPerInstance();
    }
  }

  /**
   * One instance of a configured class: its recorder and, when the target has a {@code size}
   * accessor, its sizes for the gauges. Holds the instance weakly; the instance map keeps this
   * alive exactly as long as the instance lives, and the JVM's size registry only weakly.
   */
  private static final class Instance extends WeakReference<Object>
      implements CacheSizes.Source {
    final CacheCalls owner;
    final Class<?> origin;
    final Target target;
    final CacheRecorder recorder;
    /** What a thread remembers of its last instance: weak, made once. */
    final WeakReference<Instance> handle = new WeakReference<>(this);

    Instance(CacheCalls owner, Class<?> origin, Object cache, Target target,
        CacheRecorder recorder) {
      super(cache);
      this.owner = owner;
      this.origin = origin;
      this.target = target;
      this.recorder = recorder;
    }

    @Override
    public String namespace() {
      return recorder.namespace();
    }

    /** Runs the size accessors: at each collection, on the SDK's thread. */
    @Override
    public boolean read(long[] into) {
      Object cache = get();
      if (cache == null) {
        return false;
      }
      try {
        long size = Accessor.asCount(target.accessor("size")
            .value(cache, null, null, null, null, null));
        if (size < 0) {
          return false;
        }
        Accessor capacity = target.accessor("capacity");
        Accessor memory = target.accessor("memory");
        into[0] = size;
        into[1] = capacity == null ? -1
            : Accessor.asCount(capacity.value(cache, null, null, null, null, null));
        into[2] = memory == null ? size * target.entryBytes()
            : Math.max(0, Accessor.asCount(memory.value(cache, null, null, null, null, null)));
        return true;
      } catch (Throwable t) {
        owner.telemetry.failures().record("cache", t);
        return false;
      }
    }
  }
}
