package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.configured.ErrorClassifier;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;

/**
 * Sorts a failed Spring AI model call into the catalog's error types. Spring AI's own clients
 * need more than {@link ErrorClassifier}: the 1.x OpenAI client reports HTTP errors as {@code
 * NonTransientAiException}/{@code TransientAiException} whose message starts with the status
 * ({@code "429 - {...}"}), Spring's HTTP exceptions expose the status as {@code
 * getRawStatusCode()}, and a read timeout arrives wrapped in {@code ResourceAccessException},
 * whose superclass name ({@code RestClientException}) would otherwise read as a client error.
 * Only failed calls get here, so the reflection (cached per class) is off the hot path.
 */
final class SpringAiErrors {
  private static final String[] STATUS_METHODS = {"getRawStatusCode", "statusCode", "code"};
  private static final ClassValue<Method> STATUS = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      for (String name : STATUS_METHODS) {
        try {
          Method method = type.getMethod(name);
          if (method.getReturnType() == int.class) {
            return method;
          }
        } catch (NoSuchMethodException | RuntimeException e) {
          // try the next name
        }
      }
      return null;
    }
  };

  private SpringAiErrors() {}

  static String classify(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      if (isTimeout(t)) {
        return ErrorClassifier.TIMEOUT;
      }
    }
    depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      String byStatus = byStatus(status(t));
      if (byStatus != null) {
        return byStatus;
      }
    }
    return ErrorClassifier.classify(error);
  }

  private static boolean isTimeout(Throwable t) {
    // okhttp (Spring AI 2.x's OpenAI SDK) reports its call timeout as InterruptedIOException;
    // Spring's JDK HttpClient request factory enforces its read timeout by cancelling the
    // response future, which can surface as a bare CancellationException.
    if (t instanceof InterruptedIOException || t instanceof CancellationException) {
      return true;
    }
    for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
      String name = c.getSimpleName();
      if (name.contains("Timeout") || name.contains("TimedOut")) {
        return true;
      }
    }
    return false;
  }

  private static int status(Throwable t) {
    Method method = STATUS.get(t.getClass());
    if (method != null) {
      try {
        return (Integer) method.invoke(t);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through to the message
      }
    }
    String message = t.getMessage();
    if (message != null && message.length() >= 5 && message.startsWith(" - ", 3)
        && Character.isDigit(message.charAt(0)) && Character.isDigit(message.charAt(1))
        && Character.isDigit(message.charAt(2))) {
      return Integer.parseInt(message.substring(0, 3));
    }
    return -1;
  }

  private static String byStatus(int status) {
    if (status == 408 || status == 504) {
      return ErrorClassifier.TIMEOUT;
    }
    if (status == 429) {
      return ErrorClassifier.RATE_LIMITED;
    }
    if (status >= 500 && status < 600) {
      return ErrorClassifier.SERVER;
    }
    if (status >= 400 && status < 500) {
      return ErrorClassifier.CLIENT;
    }
    return null;
  }
}
