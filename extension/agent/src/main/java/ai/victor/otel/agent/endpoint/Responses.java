package ai.victor.otel.agent.endpoint;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.Metric;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.lang.management.ManagementFactory;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the JSON bodies (schema {@value #SCHEMA_VERSION}, docs/endpoints.md) from one snapshot.
 * Every number is a catalog series' value or a sum of its points, named after it in the docs, so
 * a client can check any field against a Prometheus query.
 */
final class Responses {
  static final int SCHEMA_VERSION = 1;

  /** Health-score component thresholds: name → {target, critical, weight}. */
  private final Map<String, double[]> scoreComponents;

  Responses(Map<String, double[]> scoreComponents) {
    this.scoreComponents = scoreComponents;
  }

  static String live() {
    return new Json().beginObject()
        .member("schemaVersion", SCHEMA_VERSION)
        .member("status", "alive")
        .member("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)
        .endObject().toString();
  }

  static String error(int status, String message) {
    return new Json().beginObject()
        .member("schemaVersion", SCHEMA_VERSION)
        .member("status", status)
        .member("error", message)
        .endObject().toString();
  }

  String health(Snapshot snapshot, HealthChecks.Evaluation evaluation) {
    Json json = start(snapshot);
    json.member("status", evaluation.status()).member("ready", evaluation.ready())
        .member("healthScore", snapshot.gauge(Metric.HEALTH_SCORE));
    json.name("problems").beginArray();
    for (HealthChecks.Result result : evaluation.results) {
      if (result.status == Check.Status.WARNING || result.status == Check.Status.CRITICAL) {
        result(json, result);
      }
    }
    json.endArray();
    return json.endObject().toString();
  }

  String ready(Snapshot snapshot, HealthChecks.Evaluation evaluation) {
    Json json = start(snapshot);
    json.member("status", evaluation.ready() ? "ready" : "not_ready")
        .member("ready", evaluation.ready());
    json.name("failed").beginArray();
    for (HealthChecks.Result result : evaluation.failedReadiness()) {
      result(json, result);
    }
    json.endArray();
    json.name("checks").beginArray();
    for (HealthChecks.Result result : evaluation.results) {
      if (result.gatesReadiness) {
        result(json, result);
      }
    }
    json.endArray();
    return json.endObject().toString();
  }

  String detailed(Snapshot snapshot, HealthChecks.Evaluation evaluation) {
    Json json = start(snapshot);
    json.member("status", evaluation.status()).member("ready", evaluation.ready());
    json.name("healthScore").beginObject()
        .member("value", snapshot.gauge(Metric.HEALTH_SCORE));
    json.name("components").beginArray();
    Map<String, Double> scores = snapshot.gaugeBy(Metric.HEALTH_COMPONENT, Labels.COMPONENT);
    for (Map.Entry<String, double[]> component : scoreComponents.entrySet()) {
      Double score = scores.get(component.getKey());
      json.beginObject()
          .member("component", component.getKey())
          .member("input", snapshot.healthInput(component.getKey()))
          .member("score", score == null ? Double.NaN : score)
          .member("target", component.getValue()[0])
          .member("critical", component.getValue()[1])
          .member("weight", component.getValue()[2])
          .endObject();
    }
    json.endArray().endObject();
    json.name("checks").beginArray();
    for (HealthChecks.Result result : evaluation.results) {
      result(json, result);
    }
    json.endArray();
    return json.endObject().toString();
  }

  String summary(Snapshot snapshot, HealthChecks.Evaluation evaluation) {
    Json json = start(snapshot);
    json.member("status", evaluation.status())
        .member("healthScore", snapshot.gauge(Metric.HEALTH_SCORE))
        .member("extensionFailures", snapshot.sum(Metric.EXTENSION_FAILURES));
    json.name("cache").beginObject();
    cache(json, snapshot);
    json.endObject();
    json.name("providers").beginObject();
    providers(json, snapshot);
    json.endObject();
    json.name("tools").beginObject();
    tools(json, snapshot);
    json.endObject();
    json.name("system").beginObject();
    system(json, snapshot);
    json.endObject();
    json.name("bootstrap").beginObject();
    bootstrap(json, snapshot);
    json.endObject();
    return json.endObject().toString();
  }

  String cache(Snapshot snapshot) {
    Json json = start(snapshot);
    cache(json, snapshot);
    return json.endObject().toString();
  }

  String providers(Snapshot snapshot) {
    Json json = start(snapshot);
    providers(json, snapshot);
    return json.endObject().toString();
  }

  String tools(Snapshot snapshot) {
    Json json = start(snapshot);
    tools(json, snapshot);
    return json.endObject().toString();
  }

  String system(Snapshot snapshot) {
    Json json = start(snapshot);
    system(json, snapshot);
    return json.endObject().toString();
  }

  String bootstrap(Snapshot snapshot) {
    Json json = start(snapshot);
    bootstrap(json, snapshot);
    return json.endObject().toString();
  }

  private static Json start(Snapshot snapshot) {
    return new Json().beginObject()
        .member("schemaVersion", SCHEMA_VERSION)
        .member("collectedAt", iso(snapshot.epochMillis()));
  }

  /** ISO-8601 UTC with milliseconds, without java.time (the extension targets Java 8 APIs). */
  static String iso(long epochMillis) {
    java.text.SimpleDateFormat format =
        new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT);
    format.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    return format.format(new Date(epochMillis));
  }

  private static void result(Json json, HealthChecks.Result result) {
    json.beginObject().member("check", result.name);
    json.name("labels").beginObject();
    if (result.labelKey != null) {
      json.member(result.labelKey, result.labelValue);
    }
    json.endObject();
    json.member("value", result.value)
        .member("warning", result.warning)
        .member("critical", result.critical)
        .member("status", result.status.json())
        .member("idle", result.idle)
        .member("readiness", result.gatesReadiness)
        .endObject();
  }

  private static void cache(Json json, Snapshot s) {
    double hits = s.sum(Metric.CACHE_HITS);
    double misses = s.sum(Metric.CACHE_OPERATIONS, Labels.OPERATION, "miss");
    json.name("overall").beginObject()
        .member("hitRate", s.gauge(Metric.CACHE_HIT_RATE, Labels.NAMESPACE, Labels.OVERALL))
        .member("hits", hits)
        .member("misses", misses)
        .member("memoryBytes", s.sum(Metric.CACHE_MEMORY))
        .endObject();
    TreeSet<String> namespaces = new TreeSet<>(
        s.sumBy(Metric.CACHE_OPERATIONS, Labels.NAMESPACE).keySet());
    namespaces.addAll(s.gaugeBy(Metric.CACHE_ENTRIES, Labels.NAMESPACE).keySet());
    json.name("namespaces").beginArray();
    for (String namespace : namespaces) {
      json.beginObject()
          .member("namespace", namespace)
          .member("hitRate", s.gauge(Metric.CACHE_HIT_RATE, Labels.NAMESPACE, namespace));
      json.name("operations").beginObject();
      for (Map.Entry<String, Double> operation : s.sumBy(Metric.CACHE_OPERATIONS,
          Labels.OPERATION, Labels.NAMESPACE, namespace).entrySet()) {
        json.member(operation.getKey(), operation.getValue());
      }
      json.endObject()
          .member("hits", s.sum(Metric.CACHE_HITS, Labels.NAMESPACE, namespace))
          .member("evictions", s.sum(Metric.CACHE_EVICTIONS, Labels.NAMESPACE, namespace))
          .member("entries", s.gauge(Metric.CACHE_ENTRIES, Labels.NAMESPACE, namespace))
          .member("utilization", s.gauge(Metric.CACHE_UTILIZATION, Labels.NAMESPACE, namespace))
          .member("memoryBytes", s.gauge(Metric.CACHE_MEMORY, Labels.NAMESPACE, namespace))
          .endObject();
    }
    json.endArray();
    json.name("toolSelection").beginObject()
        .member("requests", s.sum(Metric.SELECTION_REQUESTS))
        .member("missRate", s.gauge(Metric.SELECTION_MISS_RATE))
        .member("latencyP95Ms", s.healthInput("tool_selection_latency_p95_ms"));
    json.name("hitRateByCacheType").beginObject();
    for (Map.Entry<String, Double> entry
        : s.gaugeBy(Metric.SELECTION_HIT_RATE, Labels.CACHE_TYPE).entrySet()) {
      json.member(entry.getKey(), entry.getValue());
    }
    json.endObject().endObject();
  }

  private static void providers(Json json, Snapshot s) {
    json.name("overall").beginObject()
        .member("errorRate", s.gauge(Metric.PROVIDER_ERROR_RATE, Labels.PROVIDER, Labels.OVERALL))
        .member("requests", s.sum(Metric.PROVIDER_REQUESTS))
        .member("errors", s.sum(Metric.PROVIDER_ERRORS))
        .member("latencyP95Ms", s.healthInput(SnapshotReader.PROVIDER_LATENCY_INPUT))
        .endObject();
    Map<String, Double> requests = s.sumBy(Metric.PROVIDER_REQUESTS, Labels.PROVIDER);
    Map<String, Double> health = s.gaugeBy(Metric.PROVIDER_HEALTH, Labels.PROVIDER);
    json.name("unhealthy").beginArray();
    for (Map.Entry<String, Double> entry : health.entrySet()) {
      if (entry.getValue() < 0.5) {
        json.value(entry.getKey());
      }
    }
    json.endArray();
    json.name("providers").beginArray();
    for (String provider : requests.keySet()) {
      json.beginObject()
          .member("provider", provider)
          .member("health", s.gauge(Metric.PROVIDER_HEALTH, Labels.PROVIDER, provider))
          .member("errorRate", s.gauge(Metric.PROVIDER_ERROR_RATE, Labels.PROVIDER, provider))
          .member("requests", requests.get(provider))
          .member("errors", s.sum(Metric.PROVIDER_ERRORS, Labels.PROVIDER, provider));
      json.name("errorsByType").beginObject();
      for (Map.Entry<String, Double> entry : s.sumBy(Metric.PROVIDER_ERRORS, Labels.ERROR_TYPE,
          Labels.PROVIDER, provider).entrySet()) {
        json.member(entry.getKey(), entry.getValue());
      }
      json.endObject();
      json.name("models").beginArray();
      for (String model : s.sumBy(Metric.PROVIDER_REQUESTS, Labels.MODEL, Labels.PROVIDER,
          provider).keySet()) {
        json.value(model);
      }
      json.endArray();
      json.name("tokens").beginObject();
      for (Map.Entry<String, Double> entry : s.sumBy(Metric.PROVIDER_TOKENS, Labels.TOKEN_TYPE,
          Labels.PROVIDER, provider).entrySet()) {
        json.member(entry.getKey(), entry.getValue());
      }
      json.endObject();
      latency(json, s.histograms(Metric.PROVIDER_LATENCY, Labels.PROVIDER, provider));
      json.endObject();
    }
    json.endArray();
  }

  private static void tools(Json json, Snapshot s) {
    json.name("overall").beginObject()
        .member("errorRate", s.gauge(Metric.TOOL_ERROR_RATE, Labels.TOOL, Labels.OVERALL))
        .member("executions", s.sum(Metric.TOOL_EXECUTIONS))
        .member("running", s.sum(Metric.TOOL_CONCURRENT))
        .member("latencyP95Ms", s.healthInput("tool_latency_p95_ms"))
        .endObject();
    json.name("tools").beginArray();
    for (String tool : s.sumBy(Metric.TOOL_EXECUTIONS, Labels.TOOL).keySet()) {
      json.beginObject()
          .member("tool", tool)
          .member("errorRate", s.gauge(Metric.TOOL_ERROR_RATE, Labels.TOOL, tool));
      json.name("executions").beginObject();
      for (Map.Entry<String, Double> entry
          : s.sumBy(Metric.TOOL_EXECUTIONS, Labels.STATUS, Labels.TOOL, tool).entrySet()) {
        json.member(entry.getKey(), entry.getValue());
      }
      json.endObject()
          .member("running", s.sum(Metric.TOOL_CONCURRENT, Labels.TOOL, tool));
      latency(json, s.histograms(Metric.TOOL_DURATION, Labels.TOOL, tool));
      json.endObject();
    }
    json.endArray();
  }

  /** Count, sum and mean of the histogram points (lifetime; percentiles are in the checks). */
  private static void latency(Json json, List<HistogramPointData> points) {
    long count = 0;
    double sum = 0;
    for (HistogramPointData point : points) {
      count += point.getCount();
      sum += point.getSum();
    }
    json.name("latencyMs").beginObject()
        .member("count", count)
        .member("sum", sum)
        .member("mean", count == 0 ? Double.NaN : sum / count)
        .endObject();
  }

  private static void system(Json json, Snapshot s) {
    json.member("memoryBytes", s.gauge(Metric.SYSTEM_MEMORY))
        .member("cpuPercent", s.gauge(Metric.SYSTEM_CPU))
        .member("threads", s.gauge(Metric.SYSTEM_THREADS))
        .member("uptimeSeconds", s.gauge(Metric.SYSTEM_UPTIME));
  }

  private static void bootstrap(Json json, Snapshot s) {
    json.member("startupInProgress", s.gauge(Metric.BOOTSTRAP_IN_PROGRESS))
        .member("startupTimeSeconds", s.gauge(Metric.BOOTSTRAP_STARTUP_TIME));
    json.name("componentInitSeconds").beginObject();
    for (Map.Entry<String, Double> entry
        : s.gaugeBy(Metric.BOOTSTRAP_COMPONENT_TIME, Labels.COMPONENT).entrySet()) {
      json.member(entry.getKey(), entry.getValue());
    }
    json.endObject();
    json.name("serviceRegistrationSeconds").beginObject();
    for (Map.Entry<String, Double> entry
        : s.gaugeBy(Metric.BOOTSTRAP_REGISTRATION_TIME, Labels.SERVICE).entrySet()) {
      json.member(entry.getKey(), entry.getValue());
    }
    json.endObject();
  }
}
