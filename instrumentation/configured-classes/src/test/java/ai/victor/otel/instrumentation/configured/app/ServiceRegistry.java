package ai.victor.otel.instrumentation.configured.app;

import java.util.ArrayList;
import java.util.List;

/** Target {@code registry}: phase registration, the service name from {@code arg0}. */
public class ServiceRegistry {
  private final List<String> services = new ArrayList<>();

  public void register(String service, long millis) throws InterruptedException {
    Thread.sleep(millis);
    services.add(service);
  }
}
