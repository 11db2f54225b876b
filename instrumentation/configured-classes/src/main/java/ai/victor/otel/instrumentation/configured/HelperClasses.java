package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.CoreClasses;
import java.util.List;

/** Every class the advice reaches, to be injected into the application's class loader: core's. */
final class HelperClasses {
  static final List<String> NAMES = CoreClasses.NAMES;

  private HelperClasses() {}
}
