package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.incubator.metrics.ExtendedDoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpServerDurationViewTest {
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");

  /** The instrument as the agent's HTTP server instrumentation builds it: semconv bucket advice. */
  private static HistogramPointData recordTwentySeconds(boolean withView) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder builder =
        SdkMeterProvider.builder().registerMetricReader(reader);
    if (withView) {
      HttpServerDurationView.register(builder);
    }
    try (SdkMeterProvider provider = builder.build()) {
      DoubleHistogramBuilder histogram = provider.get("io.opentelemetry.java-http-server")
          .histogramBuilder(HttpServerDurationView.INSTRUMENT).setUnit("s")
          .setExplicitBucketBoundariesAdvice(Arrays.asList(0.005, 0.01, 0.025, 0.05, 0.075,
              0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0));
      ((ExtendedDoubleHistogramBuilder) histogram)
          .setAttributesAdvice(Collections.singletonList(ROUTE));
      DoubleHistogram duration = histogram.build();
      duration.record(20, Attributes.of(ROUTE, "/chat", URL, "http://x/chat?q=secret"));
      MetricData metric = reader.collectAllMetrics().iterator().next();
      return metric.getHistogramData().getPoints().iterator().next();
    }
  }

  @Test
  void aTwentySecondRequestLandsInABucketBelowSixtySeconds() {
    HistogramPointData point = recordTwentySeconds(true);
    List<Double> bounds = point.getBoundaries();
    assertThat(bounds).isEqualTo(HttpServerDurationView.BUCKETS).contains(30.0, 60.0);
    int bucket = bounds.indexOf(20.0);
    assertThat(point.getCounts().get(bucket)).as("the (15, 20] bucket").isEqualTo(1);
    assertThat(point.getAttributes()).as("only the advised attributes are kept")
        .isEqualTo(Attributes.of(ROUTE, "/chat"));
  }

  @Test
  void withoutTheViewTheAdvisedBucketsStopAtTenSeconds() {
    HistogramPointData point = recordTwentySeconds(false);
    assertThat(point.getBoundaries()).endsWith(10.0);
    assertThat(point.getCounts().get(point.getBoundaries().size())).as("overflow bucket")
        .isEqualTo(1);
  }
}
