package ai.victor.otel.agent;

import ai.victor.otel.core.config.ConfigSource;
import java.util.logging.Logger;

/**
 * What the extension checks about the agent it runs in, once, at startup: that the agent's
 * version is one the extension is tested with (README.md, "Supported agents"), and that the
 * agent applied the extension's SDK customizer, which it does not under declarative
 * configuration. Each problem is one WARNING; nothing is switched off here: a feature that
 * actually cannot work stands down by itself (see {@link DerivingMetricReader}).
 */
final class AgentCompatibility {
  /** The oldest and the newest agent the smoke tests run the sample on (AgentMatrixSmokeTest). */
  static final String OLDEST = "2.10.0";
  static final String NEWEST = "2.33.1";
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static volatile boolean customized;

  private AgentCompatibility() {}

  /** Called by {@link VictorAutoConfiguration}: the agent applied the SDK customizer. */
  static void customizerApplied() {
    customized = true;
  }

  /** Logs the problems of this JVM's agent, once each; never throws. */
  static void checkAtStart() {
    try {
      String problem = versionProblem(agentVersion());
      if (problem != null) {
        logger.warning(problem);
      }
      if (!customized) {
        logger.warning(declarativeProblem(ConfigSource.fromEnvironment()));
      }
    } catch (Throwable t) {
      // A check must not stop the agent; without it the extension runs as before.
    }
  }

  /** The WARNING for an agent version outside the tested range, or null when it is inside. */
  static String versionProblem(String version) {
    if (version == null) {
      return "victor-otel: could not read the OpenTelemetry agent's version; the extension is"
          + " tested with agents " + OLDEST + " to " + NEWEST + " (README.md, \"Supported"
          + " agents\")";
    }
    if (compare(version, OLDEST) >= 0 && compare(version, NEWEST) <= 0) {
      return null;
    }
    return "victor-otel: OpenTelemetry agent " + version + " is outside the tested range "
        + OLDEST + " to " + NEWEST + " (README.md, \"Supported agents\"). The extension runs;"
        + " a feature this agent cannot support stands down with its own WARNING.";
  }

  /** The WARNING for an agent that did not apply the extension's SDK customizer. */
  static String declarativeProblem(ConfigSource source) {
    String setting = null;
    for (String key : new String[] {"otel.config.file", "otel.experimental.config.file"}) {
      if (source.get(key) != null) {
        setting = key + "=" + source.get(key);
        break;
      }
    }
    return "victor-otel: the agent did not apply the extension's SDK customizer"
        + (setting == null ? "" : " (declarative configuration, " + setting + ")")
        + ": the derived series (hit rates, error rates, victor_performance_health_score) and"
        + " the health endpoint are not available. The recorded victor series and spans are"
        + " exported as usual. To get them, configure the agent with properties or environment"
        + " variables instead (docs/configuration.md, \"Declarative configuration\").";
  }

  /**
   * The agent's version: the {@code Implementation-Version} of the agent jar, through the
   * class the JVM started it with ({@code Premain-Class}), which the system class loader holds.
   */
  private static String agentVersion() {
    try {
      Class<?> agent = Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent", false,
          ClassLoader.getSystemClassLoader());
      Package pkg = agent.getPackage();
      return pkg == null ? null : pkg.getImplementationVersion();
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Compares dotted versions by their numeric parts ({@code 2.24.0-alpha} reads as 2.24.0). */
  static int compare(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < 3; i++) {
      int difference = Integer.compare(number(x, i), number(y, i));
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  private static int number(String[] parts, int index) {
    if (index >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[index]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
