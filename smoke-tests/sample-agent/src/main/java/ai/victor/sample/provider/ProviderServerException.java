package ai.victor.sample.provider;

/** The provider failed on its side (HTTP 5xx); another provider may well succeed. */
public class ProviderServerException extends ProviderException {

  private static final long serialVersionUID = 1L;

  /** @param statusCode a 5xx status such as 500, 502 or 503 */
  public ProviderServerException(String provider, int statusCode) {
    super(provider, checkStatus(statusCode), "server error (" + statusCode + ")", null);
  }

  private static int checkStatus(int statusCode) {
    if (statusCode < 500 || statusCode > 599) {
      throw new IllegalArgumentException("not a server error status: " + statusCode);
    }
    return statusCode;
  }
}
