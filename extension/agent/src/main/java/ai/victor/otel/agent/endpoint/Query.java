package ai.victor.otel.agent.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validates a request's query string. No endpoint takes parameters today; the query is still
 * parsed strictly so that a malformed one is told apart from an unknown parameter, and a client
 * relying on a parameter that does nothing learns so instead of getting a silently different
 * answer.
 */
final class Query {
  private Query() {}

  /** Null when the raw query is acceptable, else what is wrong with it. */
  static String problem(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    String firstName = null;
    for (String pair : rawQuery.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (name == null || value == null || name.isEmpty()) {
        return "malformed query: expected name=value pairs separated by '&', percent-encoded UTF-8";
      }
      if (firstName == null) {
        firstName = name;
      }
    }
    return "unknown query parameter '" + firstName + "': this endpoint takes none";
  }

  /** Strict percent-decoding ('+' is a space); null when an escape or the UTF-8 is invalid. */
  static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null; // a raw query holds only ASCII
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
