package ai.victor.fake.openai;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Map;

/**
 * One provider API's wire format: how its requests read, and how answers, streamed events, usage,
 * errors and rate-limit headers are written. Pure functions of their inputs; the server does the
 * HTTP, the failures, the pacing and the recording, the same for every API.
 */
interface Dialect {

  Api api();

  /**
   * Reads a request. Throws {@link IllegalArgumentException} (a 400) or {@link Rejected} for what
   * the real API rejects.
   */
  Request read(String path, String query, Headers headers, Map<String, Object> body);

  /** How this API's tool call ids begin ({@code call_}, {@code toolu_}). */
  String toolCallIdPrefix();

  /** What this API reports of {@code reply}'s tokens; see {@link Usage}. */
  Usage usage(Reply reply, Script script);

  /** The JSON body of a non-streamed answer. */
  String body(Answer answer);

  /** The server-sent events of a streamed answer, in order. */
  List<Event> events(Answer answer);

  /** An error body of this API's shape for an HTTP {@code status}. */
  String error(int status, String message, Script script);

  /**
   * The headers this API adds to an answer or failure of {@code status}: the script's rate limits,
   * {@code retry-after}.
   */
  void headers(Script script, int status, Map<String, String> headers);

  record Request(String model, boolean stream, Conversation conversation) {}

  record Answer(int sequence, String model, Reply reply, Usage usage, Map<String, Object> request) {}

  /** One server-sent event; {@code name} null for a bare {@code data:} line; see {@link Chunk}. */
  record Event(String name, String data, boolean output) {}

  /** A request the real API refuses with {@code status}, such as a missing API key. */
  final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Rejected(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Refuses a request without {@code name}, or with it blank, with {@code status}. */
  static void requireHeader(Headers headers, String name, int status) {
    String value = headers.getFirst(name);
    if (value == null || value.isBlank()) {
      throw new Rejected(status, "missing header " + name);
    }
  }

  /**
   * Refuses with 401 a request that has an API key in none of {@code names} (a bare {@code Bearer}
   * is none: SDKs send it when given an empty key).
   */
  static void requireApiKey(Headers headers, String... names) {
    for (String name : names) {
      String value = headers.getFirst(name);
      if (value != null && !value.replaceFirst("^Bearer", "").isBlank()) {
        return;
      }
    }
    throw new Rejected(401, "no API key in " + String.join(" or ", names));
  }
}
