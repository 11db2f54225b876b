package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.victor.otel.core.recording.Recorders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapCallsTest {
  private static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component");
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service");

  static class TestApp {}

  static class TestComponent {
    private final String name;

    TestComponent(String name) {
      this.name = name;
    }

    String name() {
      if (name == null) {
        throw new IllegalStateException("name() is broken");
      }
      return name;
    }
  }

  static class NullNamedComponent extends TestComponent {
    NullNamedComponent() {
      super("unused");
    }

    @Override
    String name() {
      return null;
    }
  }

  static class TestRegistry {}

  private final TestTelemetry sdk = TestTelemetry.create(settings());
  private final BootstrapCalls calls = BootstrapCalls.create(sdk.telemetry);

  private static List<String> settings() {
    List<String> settings = new ArrayList<String>(Arrays.asList(
        "victor.otel.targets", "app,components,registry"));
    settings.addAll(TestTelemetry.target("app", "role", "bootstrap",
        "type", TestApp.class.getName(), "methods", "start", "phase", "startup"));
    settings.addAll(TestTelemetry.target("components", "role", "bootstrap",
        "type", TestComponent.class.getName(), "methods", "init", "phase", "component",
        "name", "this.name()"));
    settings.addAll(TestTelemetry.target("registry", "role", "bootstrap",
        "type", TestRegistry.class.getName(), "methods", "register", "phase", "registration",
        "name", "arg0"));
    return settings;
  }

  /** A start token as if the call had begun {@code seconds} ago. */
  private static long startedAgo(double seconds) {
    return System.nanoTime() - (long) (seconds * 1e9);
  }

  @Test
  void startupEndsWhenTheStartupMethodReturns() {
    Recorders.startupInProgress(sdk.telemetry);
    assertThat(sdk.gauge("victor.bootstrap.startup_in_progress", Attributes.empty()))
        .isEqualTo(1.0);

    long token = calls.enter();
    calls.exit(TestApp.class, token, new TestApp(), null, null, null, null, null);

    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.startup_in_progress",
        Attributes.empty())).isEqualTo(0.0);
    double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    Double startup = TestTelemetry.gauge(collected, "victor.bootstrap.startup_time",
        Attributes.empty());
    assertThat(startup).isGreaterThan(0).isLessThanOrEqualTo(uptime + 1);
  }

  @Test
  void aFailedStartupLeavesStartupInProgress() {
    Recorders.startupInProgress(sdk.telemetry);
    long token = calls.enter();
    calls.exit(TestApp.class, token, null, new IllegalStateException("failed to start"), null,
        null, null, null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.startup_in_progress",
        Attributes.empty())).isEqualTo(1.0);
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.startup_time",
        Attributes.empty())).isNull();
  }

  @Test
  void componentsAreTimedByName() {
    calls.exit(TestComponent.class, startedAgo(2), new TestComponent("database"), null, null,
        null, null, null);
    calls.exit(TestComponent.class, startedAgo(0.5), new TestComponent("vector-store"), null,
        null, null, null, null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.component_init_time",
        Attributes.of(COMPONENT, "database"))).isCloseTo(2.0, within(0.5));
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.component_init_time",
        Attributes.of(COMPONENT, "vector-store"))).isCloseTo(0.5, within(0.4));
    assertThat(TestTelemetry.metric(collected, "victor.bootstrap.service_registration_time"))
        .isNull();
  }

  @Test
  void aComponentInitializedAgainReportsItsLastTime() {
    calls.exit(TestComponent.class, startedAgo(3), new TestComponent("db"), null, null, null,
        null, null);
    calls.exit(TestComponent.class, startedAgo(1), new TestComponent("db"), null, null, null,
        null, null);
    assertThat(sdk.gauge("victor.bootstrap.component_init_time", Attributes.of(COMPONENT, "db")))
        .isCloseTo(1.0, within(0.5));
  }

  @Test
  void registrationsAreTimedByName() {
    calls.exit(TestRegistry.class, startedAgo(1), new TestRegistry(), null, "tool-registry", null,
        null, null);
    assertThat(sdk.gauge("victor.bootstrap.service_registration_time",
        Attributes.of(SERVICE, "tool-registry"))).isCloseTo(1.0, within(0.5));
  }

  @Test
  void aMissingNameIsUnknownAndAThrowingOneAFailure() {
    calls.exit(TestComponent.class, startedAgo(1), new NullNamedComponent(), null, null, null,
        null, null);
    calls.exit(TestComponent.class, startedAgo(1), new TestComponent(null), null, null, null,
        null, null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.gauge(collected, "victor.bootstrap.component_init_time",
        Attributes.of(COMPONENT, "unknown"))).isNotNull();
    assertThat(TestTelemetry.sum(collected, "victor.otel.failures",
        Attributes.of(TestTelemetry.ROLE, "bootstrap"))).isEqualTo(1);
  }

  @Test
  void unconfiguredClassesAreNotRecorded() {
    calls.exit(String.class, startedAgo(1), "x", null, null, null, null, null);
    Collection<MetricData> collected = sdk.collect();
    assertThat(TestTelemetry.metric(collected, "victor.bootstrap.component_init_time")).isNull();
    assertThat(TestTelemetry.metric(collected, "victor.bootstrap.startup_time")).isNull();
  }
}
