package ai.victor.sample.bootstrap;

import ai.victor.sample.faults.Pause;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Announces the application's services, as registering with a discovery service would. Each
 * registration is a simulated round-trip of 5–15 ms. Thread-safe.
 */
public final class ServiceRegistry {

  private final CopyOnWriteArrayList<String> services = new CopyOnWriteArrayList<>();

  /** Registers the service; registering a name twice has no further effect. */
  public void register(String serviceName) {
    Pause.millis(5 + Math.floorMod(serviceName.hashCode(), 11));
    services.addIfAbsent(serviceName);
  }

  /** Returns the registered services, in registration order. */
  public List<String> services() {
    return List.copyOf(services);
  }
}
