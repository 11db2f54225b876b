package ai.victor.otel.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Blocking HTTP GETs with bounded timeouts, so that a hung forked app fails a test instead of hanging the build.
 */
public final class Http {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}

  /**
   * Returns the body of a GET that must answer 200.
   *
   * @param headers request header names and values, alternating, as {@link HttpRequest.Builder#headers} takes them
   * @throws IllegalStateException if the status is not 200
   */
  public static String get(String url, String... headers) {
    HttpResponse<String> response = send(url, headers);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Returns the status of a GET, whatever it is; for checking that an endpoint is (not) served. */
  public static int status(String url) {
    return send(url).statusCode();
  }

  private static HttpResponse<String> send(String url, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + url, e);
    }
  }
}
