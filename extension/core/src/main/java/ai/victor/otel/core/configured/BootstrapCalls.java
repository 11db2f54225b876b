package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.Accessor;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Telemetry;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Startup phases of configured classes: the startup method's return ends startup (its time is
 * measured from JVM start); component initializations and service registrations are timed one
 * by one. These run a handful of times per process, so simplicity wins over allocation here.
 */
public final class BootstrapCalls {
  private static volatile BootstrapCalls global;
  private final Telemetry telemetry;
  private final List<Target> targets;
  // Names come from the application (a component or service per plugin, say): capped like any.
  private final BoundedValues components;
  private final BoundedValues services;
  private final ClassValue<Target> bindings = new ClassValue<Target>() {
    @Override
    protected Target computeValue(Class<?> type) {
      return TargetLookup.find(targets, type);
    }
  };

  BootstrapCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.targets = telemetry.config().targets(Role.BOOTSTRAP);
    this.components = telemetry.boundedValues("component", 1, 1);
    this.services = telemetry.boundedValues("service", 1, 1);
  }

  public static BootstrapCalls instance() {
    BootstrapCalls calls = global;
    if (calls == null) {
      synchronized (BootstrapCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new BootstrapCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  public static BootstrapCalls create(Telemetry telemetry) {
    return new BootstrapCalls(telemetry);
  }

  public long enter() {
    return System.nanoTime();
  }

  public void exit(Class<?> origin, long startNanos, Object self, Throwable thrown, Object a0,
      Object a1, Object a2, Object a3) {
    try {
      Target target = bindings.get(origin);
      if (target == null) {
        return;
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      if ("startup".equals(target.phase())) {
        if (thrown == null) {
          long sinceStart = System.currentTimeMillis()
              - ManagementFactory.getRuntimeMXBean().getStartTime();
          Recorders.startupFinished(telemetry, sinceStart / 1000.0);
        }
        return;
      }
      Accessor accessor = target.accessor("name");
      String name = Accessor.asString(accessor.value(self, null, a0, a1, a2, a3));
      if ("component".equals(target.phase())) {
        Recorders.componentInitialized(telemetry, components.bound(name), seconds);
      } else {
        Recorders.serviceRegistered(telemetry, services.bound(name), seconds);
      }
    } catch (Throwable t) {
      telemetry.failures().record("bootstrap", t);
    }
  }
}
