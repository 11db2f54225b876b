package ai.victor.sample.provider;

/** The provider refused the request because its rate limit was reached (HTTP 429). */
public class RateLimitedException extends ProviderException {

  private static final long serialVersionUID = 1L;

  public RateLimitedException(String provider) {
    super(provider, 429, "rate limited (429)", null);
  }
}
