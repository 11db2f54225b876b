package ai.victor.otel.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Warnings;
import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.configured.ProviderCalls;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What happens when the extension cannot start, or can start only in part (issue 13, item 3). */
class TelemetryStartTest {
  private Warnings warnings;

  @BeforeEach
  void listen() {
    warnings = Warnings.capture();
  }

  @AfterEach
  void stopListening() {
    warnings.close();
  }

  /**
   * A SecurityManager refusing System.getenv made every advice call retry the start, re-read the
   * configuration and throw; now the first failure leaves a disabled instance and one WARNING.
   */
  @Test
  @SuppressWarnings("removal")
  void aRefusedEnvironmentDisablesTheExtensionOnceWithOneWarning() throws Exception {
    AtomicInteger getenvChecks = new AtomicInteger();
    SecurityManager refusingGetenv = new SecurityManager() {
      @Override
      public void checkPermission(Permission permission) {
        if (permission instanceof RuntimePermission
            && permission.getName().startsWith("getenv.")) {
          getenvChecks.incrementAndGet();
          throw new SecurityException("getenv refused by the test's SecurityManager");
        }
      }

      @Override
      public void checkPermission(Permission permission, Object context) {
        checkPermission(permission);
      }
    };
    setGlobal(null);
    System.setSecurityManager(refusingGetenv);
    Telemetry first;
    Telemetry again;
    try {
      first = Telemetry.get();
      again = Telemetry.get();
      ProviderCalls.create(Telemetry.get());
    } finally {
      System.setSecurityManager(null);
    }
    try {
      assertThat(again).isSameAs(first);
      assertThat(first.config().targets()).isEmpty();
      assertThat(getenvChecks).hasValue(1);
      assertThat(warnings.messages()).hasSize(1);
      assertThat(warnings.messages().get(0)).contains("victor-otel:", "could not start",
          "getenv refused", "Logged once; nothing is retried");
    } finally {
      setGlobal(null);
    }
  }

  /** Agents before 2.4 bundle an OTel API without DoubleGaugeBuilder.build(). */
  @Test
  void withoutTheSynchronousGaugeOnlyTheBootstrapGaugesStandDown() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
        .build();
    Telemetry telemetry = Telemetry.create(withoutSynchronousGauge(sdk),
        VictorConfig.load(ConfigSource.of(java.util.Collections.<String, String>emptyMap())));

    Recorders.startupInProgress(telemetry);
    Recorders.startupFinished(telemetry, 1.5);
    Recorders.componentInitialized(telemetry, "db", 0.5);
    Recorders.serviceRegistered(telemetry, "registry", 0.25);
    Recorders.tool(telemetry, "search").end(
        Recorders.tool(telemetry, "search").start(io.opentelemetry.context.Context.root(),
            "function"), 1_000_000, Recorders.STATUS_SUCCESS, null);

    List<String> names = reader.collectAllMetrics().stream().map(MetricData::getName)
        .collect(Collectors.toList());
    assertThat(names).contains("victor.tool.duration_ms", "victor.otel.failures")
        .noneMatch(name -> name.startsWith("victor.bootstrap."));
    assertThat(warnings.messages()).hasSize(1);
    assertThat(warnings.messages().get(0)).contains("no synchronous gauge",
        "victor_bootstrap_*", "victor_provider_rate_limit_*", "gauges stand down");
    sdk.close();
  }

  private static void setGlobal(Telemetry telemetry) throws ReflectiveOperationException {
    Field global = Telemetry.class.getDeclaredField("global");
    global.setAccessible(true);
    global.set(null, telemetry);
  }

  /** The SDK seen through an API whose gauge builders have no build(), as before API 1.38. */
  private static OpenTelemetry withoutSynchronousGauge(OpenTelemetry real) {
    return proxy(OpenTelemetry.class, real, (method, args) -> method.getName().equals(
        "meterBuilder") ? proxy(MeterBuilder.class, real.meterBuilder((String) args[0]),
            (m, a) -> m.getName().equals("build") ? meterWithoutGauge(
                real.meterBuilder((String) args[0]).build()) : null) : null);
  }

  private static Meter meterWithoutGauge(Meter real) {
    return proxy(Meter.class, real, (method, args) -> method.getName().equals("gaugeBuilder")
        ? gaugeBuilderWithoutBuild(real.gaugeBuilder((String) args[0])) : null);
  }

  private static DoubleGaugeBuilder gaugeBuilderWithoutBuild(DoubleGaugeBuilder real) {
    return proxy(DoubleGaugeBuilder.class, real, (method, args) -> {
      if (method.getName().equals("build")) {
        throw new NoSuchMethodError("'io.opentelemetry.api.metrics.DoubleGauge"
            + " io.opentelemetry.api.metrics.DoubleGaugeBuilder.build()'");
      }
      return null;
    });
  }

  private interface Overriding {
    /** The overriding result, or null to delegate. */
    Object apply(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T real, Overriding override) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          Object result = override.apply(method, args);
          if (result != null) {
            return result;
          }
          try {
            Object delegated = method.invoke(real, args);
            return delegated == real ? proxy : delegated; // fluent setters keep the proxy
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
