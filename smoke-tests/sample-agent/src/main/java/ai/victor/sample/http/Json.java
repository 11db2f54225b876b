package ai.victor.sample.http;

import java.util.Collection;
import java.util.Map;

/** Writes the few shapes of JSON this service answers with; enough to avoid a dependency. */
final class Json {

  private Json() {}

  /**
   * Returns the JSON text for a value built from maps (with string keys), collections, strings,
   * numbers, booleans and null.
   *
   * @throws IllegalArgumentException for any other type
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d) {
      number(d, out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        quote((String) entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof Collection<?> collection) {
      out.append('[');
      String separator = "";
      for (Object element : collection) {
        out.append(separator);
        write(element, out);
        separator = ",";
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not writable as JSON: " + value.getClass());
    }
  }

  /** Writes whole numbers without a fraction, so that a knob set to 200 reads back as 200. */
  private static void number(double d, StringBuilder out) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not representable in JSON: " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
