package ai.victor.sample.provider;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The provider did not answer in time. There is no status code (0); the cause is the {@link
 * SocketTimeoutException} an HTTP client would have raised.
 */
public class ProviderTimeoutException extends ProviderException {

  private static final long serialVersionUID = 1L;

  public ProviderTimeoutException(String provider, Duration timeout) {
    super(
        provider,
        0,
        "no answer within " + timeout.toMillis() + " ms",
        new SocketTimeoutException("Read timed out after " + timeout.toMillis() + " ms"));
  }
}
