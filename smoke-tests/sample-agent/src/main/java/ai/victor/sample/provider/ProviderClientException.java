package ai.victor.sample.provider;

/**
 * The provider rejected the request itself (HTTP 4xx other than 429), e.g. 400 for a malformed
 * request or 401 for a bad API key.
 */
public class ProviderClientException extends ProviderException {

  private static final long serialVersionUID = 1L;

  /** @param statusCode a 4xx status such as 400 or 401, but not 429 (see {@link RateLimitedException}) */
  public ProviderClientException(String provider, int statusCode, String message) {
    super(provider, checkStatus(statusCode), message + " (" + statusCode + ")", null);
  }

  private static int checkStatus(int statusCode) {
    if (statusCode < 400 || statusCode > 499 || statusCode == 429) {
      throw new IllegalArgumentException("not a client error status: " + statusCode);
    }
    return statusCode;
  }
}
