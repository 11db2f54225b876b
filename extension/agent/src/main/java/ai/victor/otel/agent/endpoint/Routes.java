package ai.victor.otel.agent.endpoint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The endpoint's paths and what each answers. Pure: from a path to a status and a body, so that
 * everything but the HTTP plumbing is testable without a server.
 */
final class Routes {
  static final String HEALTH = "/health";
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  static final String DETAILED = "/health/detailed";
  static final String API = "/api/performance/";
  static final String SUMMARY = API + "summary";
  static final String CACHE = API + "cache";
  static final String PROVIDERS = API + "providers";
  static final String TOOLS = API + "tools";
  static final String SYSTEM = API + "system";
  static final String BOOTSTRAP = API + "bootstrap";
  static final String PROMETHEUS = API + "prometheus";
  static final Set<String> PATHS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
      HEALTH, LIVE, READY, DETAILED, SUMMARY, CACHE, PROVIDERS, TOOLS, SYSTEM, BOOTSTRAP,
      PROMETHEUS)));
  static final String JSON = "application/json; charset=utf-8";

  /** A response before it goes on the wire. */
  static final class Response {
    final int status;
    final String contentType;
    final String body;
    /** One extra header (Allow, WWW-Authenticate), or null. */
    final String headerName;
    final String headerValue;

    Response(int status, String contentType, String body) {
      this(status, contentType, body, null, null);
    }

    private Response(int status, String contentType, String body, String headerName,
        String headerValue) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.headerName = headerName;
      this.headerValue = headerValue;
    }

    Response withHeader(String name, String value) {
      return new Response(status, contentType, body, name, value);
    }

    static Response json(int status, String body) {
      return new Response(status, JSON, body);
    }

    static Response error(int status, String message) {
      return json(status, Responses.error(status, message));
    }
  }

  private final SnapshotReader reader;
  private final HealthChecks checks;
  private final Responses responses;

  Routes(SnapshotReader reader, HealthChecks checks, Responses responses) {
    this.reader = reader;
    this.checks = checks;
    this.responses = responses;
  }

  /** The response for a known path (see {@link #PATHS}); null for an unknown one. */
  Response handle(String path) {
    if (path.equals(LIVE)) {
      // Liveness must not depend on a collection: it answers whenever this thread runs.
      return Response.json(200, Responses.live());
    }
    if (!PATHS.contains(path)) {
      return null;
    }
    Snapshot snapshot = reader.snapshot();
    switch (path) {
      case PROMETHEUS:
        return new Response(200, PrometheusWriter.CONTENT_TYPE, PrometheusWriter.write(snapshot));
      case HEALTH: {
        HealthChecks.Evaluation evaluation = checks.evaluate(snapshot);
        return Response.json(evaluation.ready() ? 200 : 503,
            responses.health(snapshot, evaluation));
      }
      case READY: {
        HealthChecks.Evaluation evaluation = checks.evaluate(snapshot);
        return Response.json(evaluation.ready() ? 200 : 503,
            responses.ready(snapshot, evaluation));
      }
      case DETAILED:
        return Response.json(200, responses.detailed(snapshot, checks.evaluate(snapshot)));
      case SUMMARY:
        return Response.json(200, responses.summary(snapshot, checks.evaluate(snapshot)));
      case CACHE:
        return Response.json(200, responses.cache(snapshot));
      case PROVIDERS:
        return Response.json(200, responses.providers(snapshot));
      case TOOLS:
        return Response.json(200, responses.tools(snapshot));
      case SYSTEM:
        return Response.json(200, responses.system(snapshot));
      default:
        return Response.json(200, responses.bootstrap(snapshot));
    }
  }
}
