package ai.victor.otel.core.config;

import ai.victor.otel.core.CoreClasses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The extension's settings, parsed from a {@link ConfigSource}.
 *
 * <p>Targets are listed in {@code victor.otel.targets} and configured under {@code
 * victor.otel.target.<id>.*} (docs/configuration.md). A bad setting is recorded in {@link
 * #problems()} and skipped, never fatal: the rest of the configuration keeps working.
 */
public final class VictorConfig {
  public static final String TARGETS = "victor.otel.targets";
  public static final String TARGET_PREFIX = "victor.otel.target.";
  public static final String CARDINALITY_LIMIT = "victor.otel.cardinality.limit";
  public static final String DERIVED_WINDOW = "victor.otel.derived.window-seconds";
  public static final String CACHE_LATENCY_SAMPLE = "victor.otel.cache.latency-sample-every";
  public static final String CAPTURE_CONTENT = "victor.otel.capture-message-content";
  public static final String UPSTREAM_CAPTURE_CONTENT =
      "otel.instrumentation.genai.capture-message-content";
  public static final String CONTENT_MAX_LENGTH = "victor.otel.content-max-length";
  public static final String TENANT_ENABLED = "victor.otel.tenant.enabled";
  public static final String TENANT_BAGGAGE_KEY = "victor.otel.tenant.baggage-key";
  public static final String TENANT_LIMIT = "victor.otel.tenant.limit";

  private static final Pattern JAVA_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
  private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final List<String> RESERVED_PACKAGES = Collections.unmodifiableList(
      Arrays.asList("java.", "javax.", "jdk.", "sun.", "com.sun.", "io.opentelemetry."));
  /**
   * The extension's own classes beside core's (CoreClasses): the agent's, and each
   * instrumentation module's package (an application's classes in subpackages are fine).
   */
  private static final Pattern EXTENSION_TYPE = Pattern.compile(
      "ai\\.victor\\.otel\\.agent\\..*|ai\\.victor\\.otel\\.instrumentation\\.[^.]+\\.[^.]+");
  private static final Set<String> PHASES =
      new HashSet<>(Arrays.asList("startup", "component", "registration"));

  private final List<Target> targets;
  private final ConfigProblems problems;
  private final int cardinalityLimit;
  private final int derivedWindowSeconds;
  private final int cacheLatencySampleEvery;
  private final boolean captureContent;
  private final int contentMaxLength;
  private final boolean tenantEnabled;
  private final String tenantBaggageKey;
  private final int tenantLimit;
  private final Pricing pricing;

  private VictorConfig(ConfigSource source) {
    problems = new ConfigProblems();
    cardinalityLimit = intSetting(source, CARDINALITY_LIMIT, 32, 1, 100_000);
    derivedWindowSeconds = intSetting(source, DERIVED_WINDOW, 60, 1, 86_400);
    cacheLatencySampleEvery =
        powerOfTwoAtLeast(intSetting(source, CACHE_LATENCY_SAMPLE, 64, 0, 1 << 20));
    boolean upstream = booleanSetting(source, UPSTREAM_CAPTURE_CONTENT, false);
    captureContent = booleanSetting(source, CAPTURE_CONTENT, upstream);
    contentMaxLength = intSetting(source, CONTENT_MAX_LENGTH, 1024, 1, 1 << 20);
    tenantEnabled = booleanSetting(source, TENANT_ENABLED, false);
    String baggageKey = source.get(TENANT_BAGGAGE_KEY);
    tenantBaggageKey = baggageKey == null ? "tenant" : baggageKey;
    tenantLimit = intSetting(source, TENANT_LIMIT, 10, 1, 100);
    pricing = Pricing.load(source, problems);
    targets = Collections.unmodifiableList(parseTargets(source));
  }

  public static VictorConfig load(ConfigSource source) {
    return new VictorConfig(source);
  }

  public List<Target> targets() {
    return targets;
  }

  public List<Target> targets(Role role) {
    List<Target> result = new ArrayList<>();
    for (Target target : targets) {
      if (target.role() == role) {
        result.add(target);
      }
    }
    return result;
  }

  public List<String> problems() {
    return problems.messages();
  }

  /** Distinct values kept per label (tool, provider, model, namespace...) before folding. */
  public int cardinalityLimit() {
    return cardinalityLimit;
  }

  public int derivedWindowSeconds() {
    return derivedWindowSeconds;
  }

  /** Time one cache lookup in this many (a power of two); 0 times none. */
  public int cacheLatencySampleEvery() {
    return cacheLatencySampleEvery;
  }

  public boolean captureContent() {
    return captureContent;
  }

  public int contentMaxLength() {
    return contentMaxLength;
  }

  /**
   * Whether token, cost and error series carry a {@code tenant} label (opt-in: every tenant
   * multiplies those series), read from the W3C baggage entry {@link #tenantBaggageKey()} or a
   * configured provider's {@code tenant} accessor, capped at {@link #tenantLimit()} values.
   */
  public boolean tenantEnabled() {
    return tenantEnabled;
  }

  public String tenantBaggageKey() {
    return tenantBaggageKey;
  }

  /** Distinct tenants kept before later ones are recorded as {@code _other}. */
  public int tenantLimit() {
    return tenantLimit;
  }

  /** Token prices and the daily budget ({@link Pricing}). */
  public Pricing pricing() {
    return pricing;
  }

  private List<Target> parseTargets(ConfigSource source) {
    List<Target> result = new ArrayList<>();
    String list = source.get(TARGETS);
    if (list == null) {
      return result;
    }
    Set<String> ids = new HashSet<>();
    Set<String> roleTypes = new HashSet<>();
    for (String raw : list.split(",")) {
      String id = raw.trim();
      if (id.isEmpty()) {
        continue;
      }
      if (!METHOD_NAME.matcher(id.replace('-', '_')).matches()) {
        problems.add(TARGETS, list, "target ids of letters, digits, '-' and '_', found '" + id + "'");
        continue;
      }
      if (!ids.add(id)) {
        problems.add(TARGETS, list, "each target id once, '" + id + "' is listed twice");
        continue;
      }
      Target target = parseTarget(source, id);
      if (target == null) {
        continue;
      }
      if (!roleTypes.add(target.role() + " " + target.type())) {
        problems.add(target.key("type"), target.type(),
            "one " + target.role().key() + " target per class; an earlier target already has it");
        continue;
      }
      result.add(target);
    }
    return result;
  }

  private Target parseTarget(ConfigSource source, String id) {
    String prefix = TARGET_PREFIX + id + ".";
    if (!booleanSetting(source, prefix + "enabled", true)) {
      return null;
    }
    String roleValue = source.get(prefix + "role");
    Role role = roleValue == null ? null : Role.parse(roleValue);
    if (role == null) {
      problems.add(prefix + "role", roleValue,
          "one of cache, selector, provider, tool, agent, bootstrap");
      return null;
    }
    String type = source.get(prefix + "type");
    if (type == null || !JAVA_NAME.matcher(type).matches()) {
      problems.add(prefix + "type", type, "the fully qualified name of a class or interface");
      return null;
    }
    if (isReserved(type)) {
      // Advice woven into JDK, agent or extension types would run in every map, thread or
      // exporter the extension itself uses.
      problems.add(prefix + "type", type, "an application class or interface; types in "
          + String.join(", ", RESERVED_PACKAGES) + " packages and the extension's own are never"
          + " instrumented");
      return null;
    }
    Map<String, List<String>> methods = new LinkedHashMap<>();
    for (String kind : methodKinds(role)) {
      List<String> names = methodNames(source, prefix + kind);
      if (!names.isEmpty()) {
        methods.put(kind, names);
      }
    }
    if (methods.isEmpty()) {
      problems.add(prefix + methodKinds(role).get(0), null,
          "at least one method name for " + role.key() + " target '" + id + "' (settings "
              + String.join(", ", methodKinds(role)) + ")");
      return null;
    }
    Map<String, Accessor> accessors = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : accessorDefaults(role, id).entrySet()) {
      String key = prefix + entry.getKey();
      String value = source.get(key);
      Accessor accessor = null;
      if (value != null) {
        try {
          accessor = Accessor.parse(value, key);
        } catch (IllegalArgumentException e) {
          problems.add(key, value, e.getMessage());
        }
      }
      if (accessor == null && entry.getValue() != null) {
        accessor = Accessor.parse(entry.getValue(), key);
      }
      if (accessor != null) {
        accessors.put(entry.getKey(), accessor);
      }
    }
    long entryBytes = intSetting(source, prefix + "entry-bytes", 256, 0, Integer.MAX_VALUE);
    String phase = null;
    if (role == Role.BOOTSTRAP) {
      phase = source.get(prefix + "phase");
      if (phase == null || !PHASES.contains(phase)) {
        problems.add(prefix + "phase", phase, "one of startup, component, registration");
        return null;
      }
    }
    return new Target(id, role, type, methods, accessors, entryBytes, phase);
  }

  private static boolean isReserved(String type) {
    for (String reserved : RESERVED_PACKAGES) {
      if (type.startsWith(reserved)) {
        return true;
      }
    }
    return CoreClasses.NAMES.contains(type) || EXTENSION_TYPE.matcher(type).matches();
  }

  /** The method-list settings of a role; the first is the one a target cannot do without. */
  static List<String> methodKinds(Role role) {
    switch (role) {
      case CACHE:
        return Arrays.asList("get", "put", "evict", "invalidate");
      case PROVIDER:
        // chunk-methods: methods of the provider class called once per streamed chunk, on the
        // thread of the call (time to first chunk, time per output chunk).
        return Arrays.asList("methods", "chunk-methods");
      default:
        return Collections.singletonList("methods");
    }
  }

  /** Accessor settings of a role with their defaults (null: no default). */
  static Map<String, String> accessorDefaults(Role role, String id) {
    Map<String, String> defaults = new LinkedHashMap<>();
    switch (role) {
      case CACHE:
        defaults.put("namespace", "const:" + id);
        defaults.put("size", null);
        defaults.put("capacity", null);
        defaults.put("memory", null);
        break;
      case SELECTOR:
        defaults.put("cache-type", null);
        defaults.put("hit", null);
        defaults.put("tool-count", "result");
        break;
      case PROVIDER:
        defaults.put("provider", "class");
        defaults.put("model", null);
        defaults.put("response-model", null);
        defaults.put("input-tokens", null);
        defaults.put("output-tokens", null);
        defaults.put("finish-reason", null);
        defaults.put("cache-read-tokens", null);
        defaults.put("cache-write-tokens", null);
        defaults.put("reasoning-tokens", null);
        defaults.put("stream", null);
        defaults.put("server-address", null);
        defaults.put("server-port", null);
        defaults.put("conversation-id", null);
        defaults.put("tenant", null);
        defaults.put("rate-limit-headers", null);
        defaults.put("retries", null);
        defaults.put("input-messages", null);
        defaults.put("output-messages", null);
        break;
      case AGENT:
        defaults.put("name", "class");
        defaults.put("conversation-id", null);
        break;
      case TOOL:
        defaults.put("tool", "class");
        defaults.put("call-id", null);
        defaults.put("failed", null);
        defaults.put("tool-type", "const:function");
        defaults.put("arguments", null);
        defaults.put("result", null);
        break;
      case BOOTSTRAP:
        defaults.put("name", "class");
        break;
    }
    return defaults;
  }

  private List<String> methodNames(ConfigSource source, String key) {
    String value = source.get(key);
    List<String> names = new ArrayList<>();
    if (value == null) {
      return names;
    }
    for (String raw : value.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (METHOD_NAME.matcher(name).matches()) {
        names.add(name);
      } else {
        problems.add(key, value, "comma-separated method names, found '" + name + "'");
      }
    }
    return names;
  }

  private int intSetting(ConfigSource source, String key, int fallback, int min, int max) {
    String value = source.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key, value, "an integer from " + min + " to " + max + " (using " + fallback + ")");
    return fallback;
  }

  private boolean booleanSetting(ConfigSource source, String key, boolean fallback) {
    String value = source.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    problems.add(key, value, "true or false (using " + fallback + ")");
    return fallback;
  }

  private static int powerOfTwoAtLeast(int value) {
    return value <= 1 ? value : Integer.highestOneBit(value - 1) << 1;
  }
}
