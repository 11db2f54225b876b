package ai.victor.otel.core.recording;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A library module's circuit breaker. A Maven build has no muzzle to check, before advice is
 * applied, that the library has every class and method a module's helpers use; a library whose
 * API changed therefore shows up as a {@link LinkageError} ({@code NoSuchMethodError}, {@code
 * NoClassDefFoundError}...) when the helpers run, on every call. On the first one the module
 * switches off in that class loader: one WARNING naming the module and the failure, one count in
 * {@code victor_otel_failures_total}, and from then on its advice returns at once. The
 * application's calls are never affected, and the other modules keep recording.
 */
public final class Breaker {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  private final String module;
  private final String versions;
  private final AtomicBoolean open = new AtomicBoolean();

  /** {@code versions}: where the supported library versions are documented. */
  public Breaker(String module, String versions) {
    this.module = module;
    this.versions = versions;
  }

  /** Whether the module is off: its advice should return at once. */
  public boolean isOpen() {
    return open.get();
  }

  /**
   * Reports a failure of the module's telemetry: a LinkageError opens the breaker, anything
   * else is an ordinary failure (counted, logged once per kind, the module stays on).
   */
  public void failed(Failures failures, String role, Throwable failure) {
    if (isLinkage(failure)) {
      trip(failures, role, failure);
    } else {
      failures.record(role, failure);
    }
  }

  /**
   * Opens the breaker from a module's advice guard, where a helper failed to link or run: the
   * failure is counted through this class loader's {@link Telemetry}. Returns null, what the
   * guard's enter advice returns for a call that is not recorded. Never throws.
   */
  public Object trip(String role, LinkageError failure) {
    try {
      trip(Telemetry.get().failures(), role, failure);
    } catch (Throwable ignored) {
      // The breaker must not fail the application's call.
    }
    return null;
  }

  /** Opens the breaker, once; never throws. */
  public void trip(Failures failures, String role, Throwable failure) {
    if (!open.compareAndSet(false, true)) {
      return;
    }
    try {
      failures.count(role);
      logger.warning("victor-otel: module " + module + " switched off: the library's API is not"
          + " the one it was built for (" + failure + "). The application is not affected and"
          + " the other modules keep recording; counted in victor_otel_failures_total{role=\""
          + role + "\"}. Supported versions: " + versions + ".");
    } catch (Throwable ignored) {
      // Reporting must not become a failure of its own.
    }
  }

  private static boolean isLinkage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LinkageError) {
        return true;
      }
    }
    return false;
  }
}
