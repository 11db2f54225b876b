package ai.victor.otel.agent.endpoint;

/**
 * A minimal streaming JSON writer: the endpoint's bodies are small and fixed in shape, and the
 * extension bundles no JSON library (whatever it shaded would be one more copy in the host).
 * Non-finite numbers, which JSON cannot hold, are written as {@code null}: "no data".
 */
final class Json {
  private final StringBuilder out = new StringBuilder(512);
  /** Per nesting level: true once the level has an element, so the next needs a comma. */
  private boolean[] hasElement = new boolean[8];
  private int depth;
  private boolean afterName;

  Json beginObject() {
    open('{');
    return this;
  }

  Json endObject() {
    return close('}');
  }

  Json beginArray() {
    open('[');
    return this;
  }

  Json endArray() {
    return close(']');
  }

  /** The next member's name; the value follows with a value or begin call. */
  Json name(String name) {
    separate();
    string(name);
    out.append(':');
    afterName = true;
    return this;
  }

  Json value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  Json value(double value) {
    separate();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    return this;
  }

  Json value(long value) {
    separate();
    out.append(value);
    return this;
  }

  Json value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  Json member(String name, String value) {
    return name(name).value(value);
  }

  Json member(String name, double value) {
    return name(name).value(value);
  }

  Json member(String name, long value) {
    return name(name).value(value);
  }

  Json member(String name, boolean value) {
    return name(name).value(value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void open(char bracket) {
    separate();
    out.append(bracket);
    depth++;
    if (depth == hasElement.length) {
      hasElement = java.util.Arrays.copyOf(hasElement, depth * 2);
    }
    hasElement[depth] = false;
  }

  private Json close(char bracket) {
    depth--;
    out.append(bracket);
    return this;
  }

  /** Writes the comma before a value or name, unless it is the first of its level or a value. */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (hasElement[depth]) {
      out.append(',');
    }
    hasElement[depth] = true;
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
