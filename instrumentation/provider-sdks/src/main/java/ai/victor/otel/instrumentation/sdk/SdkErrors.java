package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.configured.ErrorClassifier;
import java.io.InterruptedIOException;

/**
 * Sorts a failed SDK call as every other path does ({@link ErrorClassifier}: the HTTP status the
 * SDK exceptions expose as {@code statusCode()} or {@code code()}, else the exception type names),
 * after one check the type names cannot make: OkHttp, under all three SDKs, reports its call
 * timeout as a bare {@link InterruptedIOException} ({@code "timeout"}), wrapped in the SDK's I/O
 * exception.
 */
public final class SdkErrors {
  private SdkErrors() {}

  public static String classify(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      if (t instanceof InterruptedIOException) {
        return ErrorClassifier.TIMEOUT;
      }
    }
    return ErrorClassifier.classify(error);
  }
}
