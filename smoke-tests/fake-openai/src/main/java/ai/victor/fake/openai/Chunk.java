package ai.victor.fake.openai;

import java.util.concurrent.TimeUnit;

/**
 * One piece of an answer as the fake wrote it: a server-sent event ({@code event} is its {@code
 * event:} name, null for a bare {@code data:} line) or, for a non-streamed answer or an error, the
 * whole body. {@code output} is true when it carries model output (text or a tool call), the pieces
 * that time-to-first-chunk and time-per-chunk are about. {@code offsetNanos} is when it was handed to
 * the connection, counted from the request's arrival at the server.
 */
public record Chunk(String event, String data, boolean output, long offsetNanos) {

  public long offsetMillis() {
    return TimeUnit.NANOSECONDS.toMillis(offsetNanos);
  }
}
