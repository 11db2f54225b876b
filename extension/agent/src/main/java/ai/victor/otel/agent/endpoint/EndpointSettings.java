package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.config.ConfigSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code victor.otel.endpoint.*} settings (docs/endpoints.md). A bad value is reported in
 * {@link #problems()} (one line naming the setting) and replaced by its default; only a token
 * file that cannot be read keeps the endpoint off, since serving unprotected would be worse.
 */
public final class EndpointSettings {
  static final String PREFIX = "victor.otel.endpoint.";
  public static final String ENABLED = PREFIX + "enabled";
  static final String HOST = PREFIX + "host";
  static final String PORT = PREFIX + "port";
  static final String TOKEN = PREFIX + "token";
  static final String TOKEN_FILE = PREFIX + "token-file";
  static final String OPEN_PATHS = PREFIX + "open-paths";
  static final String THREADS = PREFIX + "threads";
  static final String MIN_COLLECT_INTERVAL = PREFIX + "min-collect-interval-ms";
  static final String READINESS_CHECKS = PREFIX + "readiness.checks";
  static final String CHECK_PREFIX = PREFIX + "check.";
  static final int DEFAULT_PORT = 9465;

  private final List<String> problems = new ArrayList<>();
  private final boolean enabled;
  private final String host;
  private final int port;
  private final String token;
  private final boolean tokenUnreadable;
  private final Set<String> openPaths;
  private final int threads;
  private final long minCollectIntervalMillis;
  private final Map<String, Check> checks = new LinkedHashMap<>();
  private final Set<String> readinessChecks;

  private EndpointSettings(ConfigSource source) {
    enabled = bool(source, ENABLED, false);
    String configuredHost = source.get(HOST);
    host = configuredHost == null ? "127.0.0.1" : configuredHost;
    port = integer(source, PORT, DEFAULT_PORT, 0, 65535);
    threads = integer(source, THREADS, 2, 1, 16);
    minCollectIntervalMillis = integer(source, MIN_COLLECT_INTERVAL, 1000, 0, 60_000);
    String inline = source.get(TOKEN);
    String file = source.get(TOKEN_FILE);
    String fromFile = null;
    boolean unreadable = false;
    if (file != null) {
      try {
        fromFile = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(file)),
            java.nio.charset.StandardCharsets.UTF_8).trim();
        if (fromFile.isEmpty()) {
          problems.add("victor-otel: " + TOKEN_FILE + "=" + file + " is empty: expected a file"
              + " holding the bearer token; the endpoint stays off");
          unreadable = true;
        }
      } catch (java.io.IOException | RuntimeException e) {
        problems.add("victor-otel: cannot read " + TOKEN_FILE + "=" + file + " (" + e
            + "): expected a readable file holding the bearer token; the endpoint stays off");
        unreadable = true;
      }
    }
    token = fromFile != null && !fromFile.isEmpty() ? fromFile : inline;
    tokenUnreadable = unreadable;
    openPaths = openPaths(source);
    for (Check check : HealthChecks.DEFAULTS) {
      String prefix = CHECK_PREFIX + check.settingName() + ".";
      double warning = threshold(source, prefix + "warning", check.warning);
      double critical = threshold(source, prefix + "critical", check.critical);
      checks.put(check.name, check.withThresholds(warning, critical));
    }
    readinessChecks = readiness(source);
  }

  public static EndpointSettings load(ConfigSource source) {
    return new EndpointSettings(source);
  }

  public boolean enabled() {
    return enabled;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /** The bearer token, or null when the endpoint is unprotected. */
  String token() {
    return token;
  }

  boolean tokenUnreadable() {
    return tokenUnreadable;
  }

  /** Paths served without the token (liveness always). */
  Set<String> openPaths() {
    return openPaths;
  }

  int threads() {
    return threads;
  }

  /** Requests within this long of the last collection reuse it, bounding the endpoint's cost. */
  public long minCollectIntervalMillis() {
    return minCollectIntervalMillis;
  }

  /** Every check, by name, with the configured thresholds. */
  Map<String, Check> checks() {
    return checks;
  }

  /** The checks that gate readiness. */
  Set<String> readinessChecks() {
    return readinessChecks;
  }

  /** One line per bad setting. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  private Set<String> openPaths(ConfigSource source) {
    Set<String> paths = new LinkedHashSet<>();
    paths.add(Routes.LIVE);
    String value = source.get(OPEN_PATHS);
    if (value == null) {
      return Collections.unmodifiableSet(paths);
    }
    for (String raw : value.split(",")) {
      String path = raw.trim();
      if (path.isEmpty()) {
        continue;
      }
      if (Routes.PATHS.contains(path)) {
        paths.add(path);
      } else {
        problems.add("victor-otel: ignoring '" + path + "' in " + OPEN_PATHS + "=" + value
            + ": expected paths the endpoint serves, e.g. " + Routes.LIVE + ", " + Routes.READY);
      }
    }
    return Collections.unmodifiableSet(paths);
  }

  private Set<String> readiness(ConfigSource source) {
    String value = source.get(READINESS_CHECKS);
    if (value == null) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(HealthChecks.DEFAULT_READINESS));
    }
    Set<String> names = new LinkedHashSet<>();
    if (value.equalsIgnoreCase("none")) {
      return names;
    }
    for (String raw : value.split(",")) {
      String name = raw.trim().replace('-', '_').toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals(HealthChecks.STARTUP) || checks.containsKey(name)) {
        names.add(name);
      } else {
        problems.add("victor-otel: ignoring '" + raw.trim() + "' in " + READINESS_CHECKS + "="
            + value + ": expected check names among " + HealthChecks.STARTUP + ", "
            + String.join(", ", checks.keySet()) + " (or none)");
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private boolean bool(ConfigSource source, String key, boolean fallback) {
    String value = source.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    problems.add("victor-otel: ignoring " + key + "=" + value + ": expected true or false (using "
        + fallback + ")");
    return fallback;
  }

  private int integer(ConfigSource source, String key, int fallback, int min, int max) {
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
    problems.add("victor-otel: ignoring " + key + "=" + value + ": expected an integer from "
        + min + " to " + max + " (using " + fallback + ")");
    return fallback;
  }

  /** A finite number, or {@code none} for no threshold (NaN). */
  private double threshold(ConfigSource source, String key, double fallback) {
    String value = source.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("none")) {
      return Double.NaN;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!Double.isNaN(parsed) && !Double.isInfinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("victor-otel: ignoring " + key + "=" + value + ": expected a finite number or"
        + " none (using " + (Double.isNaN(fallback) ? "none" : String.valueOf(fallback)) + ")");
    return fallback;
  }
}
