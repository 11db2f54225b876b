package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.App;
import ai.victor.otel.instrumentation.configured.app.Components;
import ai.victor.otel.instrumentation.configured.app.ServiceRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Targets components (a static method), registry and startup. */
class BootstrapAdviceTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void componentInitTimeByComponentName() throws Exception {
    long start = System.nanoTime();
    Components.initialize("vector-store", 40);
    double elapsed = (System.nanoTime() - start) / 1e9;

    Double seconds = gauge(testing, "victor.bootstrap.component_init_time",
        attributes("component", "vector-store"));
    assertThat(seconds).isNotNull().isBetween(0.04, elapsed);
  }

  @Test
  void serviceRegistrationTimeByServiceName() throws Exception {
    long start = System.nanoTime();
    new ServiceRegistry().register("tool-service", 20);
    double elapsed = (System.nanoTime() - start) / 1e9;

    Double seconds = gauge(testing, "victor.bootstrap.service_registration_time",
        attributes("service", "tool-service"));
    assertThat(seconds).isNotNull().isBetween(0.02, elapsed);
  }

  @Test
  void startupTimeIsMeasuredFromJvmStart() {
    long before = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    assertThat(App.start()).isEqualTo("started");
    long after = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

    Double seconds = gauge(testing, "victor.bootstrap.startup_time", Attributes.empty());
    assertThat(seconds).isNotNull().isBetween(before / 1000.0, after / 1000.0);
    assertThat(gauge(testing, "victor.bootstrap.startup_in_progress", Attributes.empty()))
        .isEqualTo(0.0);
  }
}
