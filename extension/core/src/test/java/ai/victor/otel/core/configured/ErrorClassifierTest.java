package ai.victor.otel.core.configured;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  static class FooTimeoutException extends RuntimeException {}

  static class RequestTimedOutError extends Exception {}

  static class RateLimitExceededException extends RuntimeException {}

  static class TooManyRequestsException extends RuntimeException {}

  static class ServiceUnavailableException extends RuntimeException {}

  static class BadRequestException extends RuntimeException {}

  static class UnauthorizedException extends RuntimeException {}

  /** A provider SDK's generic exception: only its status code tells what happened. */
  static class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status) {
      this.status = status;
    }

    public int statusCode() {
      return status;
    }
  }

  static class HttpException extends IOException {
    private final int status;

    HttpException(int status) {
      this.status = status;
    }

    public int getStatus() {
      return status;
    }
  }

  /** A name that says server, a status that says rate limited: the status wins. */
  static class ServerSideException extends RuntimeException {
    public int statusCode() {
      return 429;
    }
  }

  static class BrokenStatusTimeoutException extends RuntimeException {
    public int statusCode() {
      throw new IllegalStateException("no status");
    }
  }

  static class CustomSocketTimeout extends SocketTimeoutException {}

  @Test
  void timeoutsByType() {
    assertThat(ErrorClassifier.classify(new SocketTimeoutException("read timed out")))
        .isEqualTo(ErrorClassifier.TIMEOUT);
    assertThat(ErrorClassifier.classify(new TimeoutException())).isEqualTo("timeout");
    assertThat(ErrorClassifier.classify(new FooTimeoutException())).isEqualTo("timeout");
    assertThat(ErrorClassifier.classify(new RequestTimedOutError())).isEqualTo("timeout");
    // The superclass's name counts when the class's own does not say.
    assertThat(ErrorClassifier.classify(new CustomSocketTimeout())).isEqualTo("timeout");
  }

  @Test
  void rateLimitByStatusAndByName() {
    assertThat(ErrorClassifier.classify(new ApiException(429)))
        .isEqualTo(ErrorClassifier.RATE_LIMITED);
    assertThat(ErrorClassifier.classify(new HttpException(429))).isEqualTo("rate_limited");
    assertThat(ErrorClassifier.classify(new RateLimitExceededException()))
        .isEqualTo("rate_limited");
    assertThat(ErrorClassifier.classify(new TooManyRequestsException()))
        .isEqualTo("rate_limited");
  }

  @Test
  void timeoutStatusCodes() {
    assertThat(ErrorClassifier.classify(new ApiException(408))).isEqualTo("timeout");
    assertThat(ErrorClassifier.classify(new ApiException(504))).isEqualTo("timeout");
  }

  @Test
  void serverErrors() {
    assertThat(ErrorClassifier.classify(new ApiException(500))).isEqualTo(ErrorClassifier.SERVER);
    assertThat(ErrorClassifier.classify(new ApiException(503))).isEqualTo("server");
    assertThat(ErrorClassifier.classify(new ApiException(599))).isEqualTo("server");
    assertThat(ErrorClassifier.classify(new ServiceUnavailableException())).isEqualTo("server");
  }

  @Test
  void clientErrors() {
    assertThat(ErrorClassifier.classify(new ApiException(400))).isEqualTo(ErrorClassifier.CLIENT);
    assertThat(ErrorClassifier.classify(new ApiException(401))).isEqualTo("client");
    assertThat(ErrorClassifier.classify(new HttpException(404))).isEqualTo("client");
    assertThat(ErrorClassifier.classify(new BadRequestException())).isEqualTo("client");
    assertThat(ErrorClassifier.classify(new UnauthorizedException())).isEqualTo("client");
  }

  @Test
  void statusWinsOverTheName() {
    assertThat(ErrorClassifier.classify(new ServerSideException())).isEqualTo("rate_limited");
  }

  @Test
  void aStatusThatSaysNothingOrThrowsFallsBackToTheName() {
    assertThat(ErrorClassifier.classify(new ApiException(200))).isEqualTo("other");
    assertThat(ErrorClassifier.classify(new ApiException(302))).isEqualTo("other");
    assertThat(ErrorClassifier.classify(new BrokenStatusTimeoutException())).isEqualTo("timeout");
  }

  @Test
  void theCauseChainIsExamined() {
    Throwable wrapped = new RuntimeException("call failed",
        new ExecutionException(new SocketTimeoutException()));
    assertThat(ErrorClassifier.classify(wrapped)).isEqualTo("timeout");
    assertThat(ErrorClassifier.classify(new IllegalStateException(new ApiException(429))))
        .isEqualTo("rate_limited");
    // The outermost classifiable exception wins over its causes.
    RateLimitExceededException outer = new RateLimitExceededException();
    outer.initCause(new SocketTimeoutException());
    assertThat(ErrorClassifier.classify(outer)).isEqualTo("rate_limited");
  }

  @Test
  void everythingElseIsOther() {
    assertThat(ErrorClassifier.classify(new IllegalStateException("boom")))
        .isEqualTo(ErrorClassifier.OTHER);
    assertThat(ErrorClassifier.classify(new NullPointerException())).isEqualTo("other");
    assertThat(ErrorClassifier.classify(new Error("fatal"))).isEqualTo("other");
    assertThat(ErrorClassifier.classify(new RuntimeException(new IOException("reset"))))
        .isEqualTo("other");
  }

  @Test
  void aCyclicCauseChainEnds() {
    Exception a = new IllegalStateException("a");
    Exception b = new IllegalArgumentException("b");
    a.initCause(b);
    b.initCause(a);
    assertThat(ErrorClassifier.classify(a)).isEqualTo("other");
  }
}
