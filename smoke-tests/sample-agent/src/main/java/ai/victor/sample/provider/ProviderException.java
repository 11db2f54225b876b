package ai.victor.sample.provider;

/**
 * A provider failed to answer. The subclasses mirror how real provider APIs fail: {@link
 * RateLimitedException}, {@link ProviderServerException}, {@link ProviderTimeoutException} and
 * {@link ProviderClientException}.
 */
public class ProviderException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String provider;
  private final int statusCode;

  /**
   * @param provider the name of the failing provider
   * @param statusCode the HTTP status the provider answered with, or 0 if it did not answer
   */
  protected ProviderException(String provider, int statusCode, String message, Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
    this.statusCode = statusCode;
  }

  /** Returns the name of the provider that failed. */
  public String provider() {
    return provider;
  }

  /** Returns the HTTP status the provider answered with, or 0 if no answer arrived. */
  public int statusCode() {
    return statusCode;
  }
}
