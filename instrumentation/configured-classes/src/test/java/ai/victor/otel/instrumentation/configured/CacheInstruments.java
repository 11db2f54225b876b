package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.recording.CacheCounters;
import ai.victor.otel.core.recording.CacheGauges;
import ai.victor.otel.core.recording.Telemetry;

/**
 * The cache-size gauges and the operations counter are registered once by the extension's agent
 * listener, which the advice tests' extension jar (this module and core) leaves out: the tests
 * that read them register them as it does, before their first test. The counter's registration
 * is once per JVM whoever asks; gauges registered twice would report every size twice.
 */
final class CacheInstruments {
  private static boolean registered;

  private CacheInstruments() {}

  static synchronized void register() {
    if (!registered) {
      registered = true;
      Telemetry telemetry = Telemetry.get();
      CacheGauges.register(telemetry);
      CacheCounters.register(telemetry);
    }
  }
}
