package ai.victor.otel.core.recording;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a provider's rate-limit response headers: OpenAI's {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-limit-tokens}, {@code
 * x-ratelimit-remaining-tokens} and Anthropic's {@code anthropic-ratelimit-requests-limit},
 * {@code -requests-remaining}, {@code -tokens-limit}, {@code -tokens-remaining} (the same meaning
 * under other names; Azure OpenAI sends OpenAI's). Gemini sends none. What a path sees of the
 * headers differs (an HTTP client's response, a framework's metadata, a map from an accessor), so
 * the headers come through {@link Headers}.
 */
public final class RateLimits {
  /** A header's value by name, in any case; null when absent. */
  public interface Headers {
    String get(String name);
  }

  /**
   * A header's value by name from a response of a client's own type, in any case; null when
   * absent. One reader serves every response, so a path that records the headers of each
   * response allocates nothing for it (a {@link Headers} over a response is an object a call).
   */
  public interface HeaderReader<T> {
    String get(T response, String name);
  }

  private static final HeaderReader<Headers> HEADERS = Headers::get;

  private static final String[][] NAMES = {
    // requests limit, requests remaining, tokens limit, tokens remaining
    {"x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-limit-tokens",
        "x-ratelimit-remaining-tokens"},
    {"anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
        "anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining"}};

  private RateLimits() {}

  /**
   * Records what the headers say on {@code call}; headers without any rate-limit value record
   * nothing. Never throws on a malformed value: that value reads as not reported.
   */
  public static void record(ProviderCall call, Headers headers) {
    record(call, headers, HEADERS);
  }

  /**
   * {@link #record(ProviderCall, Headers)} with the headers that {@code reader} reads in {@code
   * response}: null or a response without them records nothing.
   */
  public static <T> void record(ProviderCall call, T response, HeaderReader<? super T> reader) {
    for (String[] names : NAMES) {
      long requestsLimit = number(reader.get(response, names[0]));
      long requestsRemaining = number(reader.get(response, names[1]));
      long tokensLimit = number(reader.get(response, names[2]));
      long tokensRemaining = number(reader.get(response, names[3]));
      if (requestsLimit >= 0 || requestsRemaining >= 0 || tokensLimit >= 0
          || tokensRemaining >= 0) {
        call.rateLimits(requestsLimit, requestsRemaining, tokensLimit, tokensRemaining);
        return;
      }
    }
  }

  /**
   * Headers from a map as HTTP libraries and applications keep them: names in any case, values a
   * string, a number or a collection of strings (the first is used).
   */
  public static Headers of(final Map<?, ?> map) {
    return name -> {
      Object value = map.get(name);
      if (value == null) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() != null && name.equalsIgnoreCase(entry.getKey().toString())) {
            value = entry.getValue();
            break;
          }
        }
      }
      if (value instanceof Collection) {
        Iterator<?> values = ((Collection<?>) value).iterator();
        value = values.hasNext() ? values.next() : null;
      }
      return value == null ? null : value.toString();
    };
  }

  /** A non-negative integer header value, or -1 (absent or malformed). */
  static long number(String value) {
    if (value == null) {
      return -1;
    }
    String text = value.trim();
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long result = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }
}
