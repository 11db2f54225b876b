package ai.victor.otel.instrumentation.mcp.calls;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trace context in a request's {@code params._meta}, as the semantic conventions propagate it
 * (unprefixed {@code traceparent}, {@code tracestate}, {@code baggage}, SEP-414), through the
 * propagators the agent is configured with.
 *
 * <p>A client's params are the SDK's request records ({@code CallToolRequest}...), immutable, each
 * with a {@code meta} component: the request is rebuilt with its meta plus the trace context,
 * through the record's canonical constructor (method handles found once per record class). Params
 * given as a map are copied with the entry added. A {@code _meta} that already carries a {@code
 * traceparent} (the application or another instrumentation propagated one) is left as it is, as
 * are params of any other kind and none at all ({@code ping}), and so is a request when the
 * propagators have nothing to write (no valid span context, no baggage).
 *
 * <p>The usual request carries no meta of its own and gets one entry, {@code traceparent}: it is
 * sent as a singleton map, not a hash map, and the record is copied without an array of its
 * components (MetaTest measures the bytes per injection). An application's own meta map is copied, never written to: it may be shared between requests or
 * immutable.
 */
final class Meta {
  static final String KEY = "_meta";
  private static final String TRACEPARENT = "traceparent";

  private static final TextMapSetter<Map<String, Object>> SETTER = Map::put;
  private static final TextMapSetter<Fresh> FRESH = Fresh::put;
  private static final TextMapGetter<Map<?, ?>> GETTER = new TextMapGetter<Map<?, ?>>() {
    @Override
    public Iterable<String> keys(Map<?, ?> carrier) {
      return Collections.emptyList();
    }

    @Override
    public String get(Map<?, ?> carrier, String key) {
      Object value = carrier == null ? null : carrier.get(key);
      return value instanceof String ? (String) value : null;
    }
  };

  private static final ClassValue<Rebuild> REBUILDS = new ClassValue<Rebuild>() {
    @Override
    protected Rebuild computeValue(Class<?> type) {
      return Rebuild.of(type);
    }
  };

  private Meta() {}

  /** {@code params} with the trace context of {@code context} in its {@code _meta}. */
  @SuppressWarnings("unchecked")
  static Object inject(TextMapPropagator propagator, Context context, Object params) {
    if (params instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) params;
      Map<String, Object> meta = with(propagator, context, map.get(KEY));
      if (meta == null) {
        return params;
      }
      Map<String, Object> copy = new LinkedHashMap<>(map);
      copy.put(KEY, meta);
      return copy;
    }
    if (params == null) {
      return null;
    }
    Rebuild rebuild = REBUILDS.get(params.getClass());
    if (rebuild == Rebuild.NONE) {
      return params;
    }
    try {
      Map<String, Object> meta = with(propagator, context, rebuild.meta(params));
      if (meta == null) {
        return params;
      }
      return rebuild.with(params, meta);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The context a server request's {@code params._meta} carries, over {@code Context.root()}. */
  static Context extract(TextMapPropagator propagator, Object params) {
    Object meta = params instanceof Map ? ((Map<?, ?>) params).get(KEY) : null;
    if (!(meta instanceof Map)) {
      return null;
    }
    return propagator.extract(Context.root(), (Map<?, ?>) meta, GETTER);
  }

  /** The meta to send: {@code existing} plus the trace context, or null to leave it alone. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(TextMapPropagator propagator, Context context,
      Object existing) {
    Map<String, Object> meta;
    if (existing == null) {
      Fresh fresh = new Fresh();
      propagator.inject(context, fresh, FRESH);
      return fresh.map();
    } else if (existing instanceof Map) {
      if (((Map<?, ?>) existing).containsKey(TRACEPARENT)) {
        return null;
      }
      meta = new HashMap<>((Map<String, Object>) existing);
    } else {
      return null;
    }
    int before = meta.size();
    propagator.inject(context, meta, SETTER);
    return meta.size() == before ? null : meta;
  }

  /**
   * A new meta being written by the propagators: one entry (the usual {@code traceparent} alone)
   * becomes a singleton map; a second one moves both to a hash map.
   */
  static final class Fresh {
    private String key;
    private String value;
    private Map<String, Object> more;

    void put(String name, String text) {
      if (more != null) {
        more.put(name, text);
      } else if (key == null) {
        key = name;
        value = text;
      } else {
        more = new HashMap<>(8);
        more.put(key, value);
        more.put(name, text);
      }
    }

    /** What was written, or null when nothing was. */
    Map<String, Object> map() {
      return more != null ? more : key == null ? null : Collections.singletonMap(key, value);
    }
  }

  /**
   * How to copy one request record with another meta: one method handle per record class, {@code
   * (record, meta) -> new Record(record.a(), ..., meta, ...)}, the accessors folded into the
   * canonical constructor's arguments, so a copy allocates the new record and nothing else (no
   * array of components: 32 bytes less per request, MetaTest).
   */
  static final class Rebuild {
    static final Rebuild NONE = new Rebuild(null, null);
    private static final MethodType GETTER_TYPE = MethodType.methodType(Object.class, Object.class);
    private static final MethodType WITH_TYPE =
        MethodType.methodType(Object.class, Object.class, Object.class);

    private final MethodHandle meta;
    private final MethodHandle with;

    private Rebuild(MethodHandle meta, MethodHandle with) {
      this.meta = meta;
      this.with = with;
    }

    static Rebuild of(Class<?> type) {
      if (!type.isRecord()) {
        return NONE;
      }
      try {
        RecordComponent[] components = type.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?>[] types = new Class<?>[components.length];
        int metaIndex = -1;
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
          if (components[i].getName().equals("meta") && types[i] == Map.class) {
            metaIndex = i;
          }
        }
        if (metaIndex < 0) {
          return NONE;
        }
        // (c0, ..., meta, ..., cn) -> record, each ci but the meta read from one record argument.
        MethodHandle constructor = lookup.findConstructor(type,
            MethodType.methodType(void.class, types));
        int[] order = new int[components.length];
        for (int i = 0; i < components.length; i++) {
          if (i != metaIndex) {
            MethodHandle accessor = lookup.unreflect(components[i].getAccessor())
                .asType(MethodType.methodType(types[i], Object.class));
            constructor = MethodHandles.filterArguments(constructor, i, accessor);
          }
          order[i] = i == metaIndex ? 1 : 0;
        }
        MethodHandle with = MethodHandles.permuteArguments(constructor,
            MethodType.methodType(type, Object.class, Map.class), order).asType(WITH_TYPE);
        MethodHandle meta = lookup.unreflect(components[metaIndex].getAccessor())
            .asType(GETTER_TYPE);
        return new Rebuild(meta, with);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return NONE; // not public, or not a canonical record: sent as it is
      }
    }

    Object meta(Object record) throws Throwable {
      return (Object) meta.invokeExact(record);
    }

    Object with(Object record, Map<String, Object> newMeta) throws Throwable {
      return (Object) with.invokeExact(record, (Object) newMeta);
    }
  }
}
