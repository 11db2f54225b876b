package ai.victor.otel.core.configured;

import java.lang.reflect.Method;

/**
 * Sorts a provider failure into timeout, rate_limited, server, client or other, from the
 * exception's type names and, when the exception exposes one, its HTTP status code. Provider SDKs
 * differ in both, so the whole cause chain and common accessor names are examined.
 */
public final class ErrorClassifier {
  public static final String TIMEOUT = "timeout";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String SERVER = "server";
  public static final String CLIENT = "client";
  public static final String OTHER = "other";

  private static final String[] STATUS_METHODS = {
    "statusCode", "getStatusCode", "status", "getStatus", "httpStatusCode", "code"
  };
  private static final ClassValue<Method> STATUS = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      for (String name : STATUS_METHODS) {
        try {
          Method method = type.getMethod(name);
          if (method.getReturnType() == int.class) {
            method.setAccessible(true);
            return method;
          }
        } catch (NoSuchMethodException | RuntimeException e) {
          // try the next name
        }
      }
      return null;
    }
  };

  private ErrorClassifier() {}

  public static String classify(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      String byStatus = byStatus(t);
      if (byStatus != null) {
        return byStatus;
      }
      String byName = byTypeName(t.getClass());
      if (byName != null) {
        return byName;
      }
    }
    return OTHER;
  }

  private static String byStatus(Throwable t) {
    Method method = STATUS.get(t.getClass());
    if (method == null) {
      return null;
    }
    int status;
    try {
      status = (Integer) method.invoke(t);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    if (status == 408 || status == 504) {
      return TIMEOUT;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status >= 500 && status < 600) {
      return SERVER;
    }
    if (status >= 400 && status < 500) {
      return CLIENT;
    }
    return null;
  }

  private static String byTypeName(Class<?> type) {
    for (Class<?> c = type; c != null && c != Throwable.class; c = c.getSuperclass()) {
      String name = c.getSimpleName();
      if (name.contains("Timeout") || name.contains("TimedOut")) {
        return TIMEOUT;
      }
      if (name.contains("RateLimit") || name.contains("TooManyRequests")) {
        return RATE_LIMITED;
      }
      if (name.contains("Server") || name.contains("Unavailable")
          || name.contains("InternalError")) {
        return SERVER;
      }
      if (name.contains("Client") || name.contains("BadRequest") || name.contains("Unauthorized")
          || name.contains("Authentication") || name.contains("PermissionDenied")
          || name.contains("InvalidRequest") || name.contains("NotFound")) {
        return CLIENT;
      }
    }
    return null;
  }
}
