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
 * sent as a singleton map, not a hash map (192 bytes per injection instead of 264, MetaTest). An
 * application's own meta map is copied, never written to: it may be shared between requests or
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
      Object[] components = rebuild.components(params);
      Map<String, Object> meta = with(propagator, context, components[rebuild.meta]);
      if (meta == null) {
        return params;
      }
      components[rebuild.meta] = meta;
      return rebuild.construct(components);
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

  /** How to copy one request record with another meta. */
  static final class Rebuild {
    static final Rebuild NONE = new Rebuild(null, null, -1);
    private static final MethodType GETTER_TYPE = MethodType.methodType(Object.class, Object.class);

    private final MethodHandle[] accessors;
    private final MethodHandle constructor;
    final int meta;

    private Rebuild(MethodHandle[] accessors, MethodHandle constructor, int meta) {
      this.accessors = accessors;
      this.constructor = constructor;
      this.meta = meta;
    }

    static Rebuild of(Class<?> type) {
      if (!type.isRecord()) {
        return NONE;
      }
      try {
        RecordComponent[] components = type.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle[] accessors = new MethodHandle[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int meta = -1;
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
          accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(GETTER_TYPE);
          if (components[i].getName().equals("meta") && types[i] == Map.class) {
            meta = i;
          }
        }
        if (meta < 0) {
          return NONE;
        }
        MethodHandle constructor = lookup.findConstructor(type,
            MethodType.methodType(void.class, types))
            .asSpreader(Object[].class, components.length)
            .asType(MethodType.methodType(Object.class, Object[].class));
        return new Rebuild(accessors, constructor, meta);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return NONE; // not public, or not a canonical record: sent as it is
      }
    }

    Object[] components(Object record) throws Throwable {
      Object[] values = new Object[accessors.length];
      for (int i = 0; i < accessors.length; i++) {
        values[i] = (Object) accessors[i].invokeExact(record);
      }
      return values;
    }

    Object construct(Object[] components) throws Throwable {
      return (Object) constructor.invokeExact(components);
    }
  }
}
