package ai.victor.otel.agent.endpoint;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts the endpoint once the agent is ready. The autoconfiguration customizer prepares it
 * (settings and the snapshot reader it registers with the SDK), the agent listener starts it:
 * both run in the extension's class loader, so they share this class's static state.
 */
public final class Endpoint {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static final String HTTP_SERVER = "com.sun.net.httpserver.HttpServer";
  private static volatile Endpoint prepared;

  private final EndpointSettings settings;
  private final Routes routes;

  Endpoint(EndpointSettings settings, Routes routes) {
    this.settings = settings;
    this.routes = routes;
  }

  /**
   * Prepares the endpoint for {@link #startPrepared()}.
   *
   * @param scoreComponents health-score components: name → {target, critical, weight}
   * @param startupConfigured whether a bootstrap target of phase startup is configured
   */
  public static void prepare(EndpointSettings settings, SnapshotReader reader,
      Map<String, double[]> scoreComponents, boolean startupConfigured) {
    HealthChecks checks = new HealthChecks(settings.checks(), settings.readinessChecks(),
        startupConfigured);
    prepared = new Endpoint(settings, new Routes(reader, checks, new Responses(scoreComponents)));
  }

  /** Starts the prepared endpoint, if any. Never throws: the host starts either way. */
  public static void startPrepared() {
    Endpoint endpoint = prepared;
    prepared = null;
    if (endpoint != null) {
      endpoint.start(Endpoint.class.getClassLoader());
    }
  }

  /** Starts serving; returns the server, or null when it could not start (logged once). */
  Object start(ClassLoader loader) {
    if (settings.tokenUnreadable()) {
      return null; // reported with the settings: better no endpoint than an unprotected one
    }
    if (!httpServerAvailable(loader)) {
      logger.warning("victor-otel: " + EndpointSettings.ENABLED + "=true but this Java runtime"
          + " has no jdk.httpserver module (a jlink image built without it?); the endpoint is"
          + " off. Add jdk.httpserver to the image (jlink --add-modules jdk.httpserver) to use it");
      return null;
    }
    String address = settings.host() + ":" + settings.port();
    try {
      EndpointServer server = EndpointServer.start(settings, routes);
      logger.info("victor-otel: endpoint listening on http://" + hostForUrl() + ":"
          + server.port() + (settings.token() == null ? " (no token: anyone who can connect may"
          + " read it)" : " (bearer token required except for " + settings.openPaths() + ")"));
      return server;
    } catch (Exception | LinkageError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      logger.warning("victor-otel: cannot serve the endpoint on " + address + " ("
          + EndpointSettings.HOST + "=" + settings.host() + ", " + EndpointSettings.PORT + "="
          + settings.port() + "): " + e + "; the application runs without it");
      return null;
    }
  }

  private String hostForUrl() {
    return settings.host().indexOf(':') >= 0 ? "[" + settings.host() + "]" : settings.host();
  }

  static boolean httpServerAvailable(ClassLoader loader) {
    try {
      Class.forName(HTTP_SERVER, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
