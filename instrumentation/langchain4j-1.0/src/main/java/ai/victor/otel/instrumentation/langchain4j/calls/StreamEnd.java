package ai.victor.otel.instrumentation.langchain4j.calls;

import java.util.function.Consumer;

/**
 * The completion or error handler a token stream gets in place of the application's: it ends
 * the stream's agent invocation, then hands the value on to the application's handler, on the
 * same thread, unchanged; an exception of the application's handler stays the application's.
 */
final class StreamEnd implements Consumer<Object> {
  private final AgentCalls calls;
  private final Object stream;
  private final Consumer<Object> application;
  private final boolean error;

  StreamEnd(AgentCalls calls, Object stream, Consumer<Object> application, boolean error) {
    this.calls = calls;
    this.stream = stream;
    this.application = application;
    this.error = error;
  }

  @Override
  public void accept(Object value) {
    calls.streamEnded(stream, error && value instanceof Throwable ? (Throwable) value : null);
    application.accept(value);
  }
}
