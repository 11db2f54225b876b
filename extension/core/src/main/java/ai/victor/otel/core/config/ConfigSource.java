package ai.victor.otel.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings the way the agent does: system property, then environment variable, then the
 * agent's configuration file ({@code otel.javaagent.configuration-file}).
 *
 * <p>The advice helpers run in application class loaders, where the agent's {@code
 * ConfigProperties} is out of reach; reading the same three sources here gives both sides of the
 * extension identical settings without sharing state across class loaders.
 */
public final class ConfigSource {
  private final Properties systemProperties;
  private final Map<String, String> environment;
  private final Properties file;

  ConfigSource(Properties systemProperties, Map<String, String> environment, Properties file) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.file = file;
  }

  /** The live sources of this JVM. A missing or unreadable agent config file reads as empty. */
  public static ConfigSource fromEnvironment() {
    Properties system = System.getProperties();
    Map<String, String> env = System.getenv();
    Properties file = new Properties();
    String path = system.getProperty("otel.javaagent.configuration-file");
    if (path == null) {
      path = env.get("OTEL_JAVAAGENT_CONFIGURATION_FILE");
    }
    if (path != null && !path.trim().isEmpty()) {
      try (InputStream in = Files.newInputStream(Paths.get(path.trim()))) {
        file.load(in);
      } catch (IOException | RuntimeException e) {
        // The agent itself reports an unreadable configuration file; reading nothing is right.
      }
    }
    return new ConfigSource(system, env, file);
  }

  /** For tests: settings from one map only. */
  public static ConfigSource of(Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(settings);
    return new ConfigSource(properties, java.util.Collections.<String, String>emptyMap(),
        new Properties());
  }

  /** The trimmed value of the first source that sets it, or null; blank counts as unset. */
  public String get(String key) {
    String value = trimmed(systemProperties.getProperty(key));
    if (value == null) {
      value = trimmed(environment.get(toEnvName(key)));
    }
    return value != null ? value : trimmed(file.getProperty(key));
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * Every setting whose name starts with {@code prefix}, from the system properties and the agent's
   * configuration file (the properties win). Environment variables are not listed: their names
   * lose the dots and dashes that settings such as {@code victor.otel.pricing.openai.gpt-4o.input}
   * need, so such settings come from a file instead.
   */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new java.util.TreeMap<>();
    for (Properties source : new Properties[] {file, systemProperties}) {
      for (String name : source.stringPropertyNames()) {
        String value = name.startsWith(prefix) ? trimmed(source.getProperty(name)) : null;
        if (value != null) {
          found.put(name, value);
        }
      }
    }
    return found;
  }

  /** {@code victor.otel.target.tool-cache.get} → {@code VICTOR_OTEL_TARGET_TOOL_CACHE_GET}. */
  static String toEnvName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
