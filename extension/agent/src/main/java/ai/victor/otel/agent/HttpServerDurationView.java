package ai.victor.otel.agent;

import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Buckets up to 120 s for the agent's {@code http.server.request.duration}. The semantic
 * conventions advise buckets that stop at 10 s, so {@code histogram_quantile} over them can never
 * exceed 10 s and the request-latency alerts (P95 above 10 s and 30 s) could never fire, while an
 * LLM service's requests stall for 10-60 s. The view keeps the advised bounds and adds seed 001's
 * 30 and 60 s and the steps between them. A view replaces the instrument's attribute advice too,
 * and the agent records this histogram with every request attribute (paths, addresses, user
 * agents) relying on that advice to drop them, so the view repeats the advised keys.
 */
final class HttpServerDurationView {
  static final String INSTRUMENT = "http.server.request.duration";

  /** The semantic-convention bounds (seconds), then 15 to 120 s. */
  static final List<Double> BUCKETS = Collections.unmodifiableList(Arrays.asList(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
      15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0));

  /** The attributes upstream's {@code HttpMetricsAdvice} advises for the server duration. */
  static final Set<String> ATTRIBUTES = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "http.route", "http.request.method", "http.response.status_code", "error.type",
      "network.protocol.name", "network.protocol.version", "url.scheme")));

  private HttpServerDurationView() {}

  static SdkMeterProviderBuilder register(SdkMeterProviderBuilder builder) {
    return builder.registerView(
        InstrumentSelector.builder().setName(INSTRUMENT).build(),
        View.builder().setAggregation(Aggregation.explicitBucketHistogram(BUCKETS))
            .setAttributeFilter(ATTRIBUTES).build());
  }
}
