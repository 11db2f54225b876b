package ai.victor.otel.core.recording;

import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Role;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the extension's own failures go: swallowed so the host call is unaffected, counted in
 * {@code victor.otel.failures{role}}, and logged once per role and failure class, never per call.
 */
public final class Failures {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private static final AttributeKey<String> ROLE = AttributeKey.stringKey(Labels.ROLE);
  private final LongCounter counter;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  Failures(LongCounter counter) {
    this.counter = counter;
    // The series exist at 0 from the start, so "no failures" is visible and alertable.
    for (Role role : Role.values()) {
      counter.add(0, Attributes.of(ROLE, role.key()));
    }
  }

  /**
   * Counts one failure whose caller logs its own WARNING: a feature that stands down for good
   * says so once, in its own words, instead of the generic message of {@link #record}.
   */
  public void count(String role) {
    try {
      counter.add(1, Attributes.of(ROLE, role));
    } catch (Throwable ignored) {
      // Counting a failure must not become one.
    }
  }

  public void record(String role, Throwable failure) {
    try {
      counter.add(1, Attributes.of(ROLE, role));
      // A failing accessor arrives wrapped by reflection; what failed is the cause.
      Throwable cause = failure instanceof InvocationTargetException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (logged.add(role + ' ' + cause.getClass().getName())) {
        logger.log(Level.WARNING, "victor-otel: " + role + " telemetry failed and was skipped ("
            + cause + "); the application call was not affected. Logged once; further"
            + " failures are counted in victor_otel_failures_total.", cause);
      }
    } catch (Throwable ignored) {
      // Reporting a failure must not become one.
    }
  }
}
