package ai.victor.otel.instrumentation.configured.app;

/** A provider SDK's error carrying the HTTP status, as {@code statusCode()}. */
public class ProviderHttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;

  public ProviderHttpException(int statusCode) {
    super("HTTP " + statusCode);
    this.statusCode = statusCode;
  }

  public int statusCode() {
    return statusCode;
  }
}
