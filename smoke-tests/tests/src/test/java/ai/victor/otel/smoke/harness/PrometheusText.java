package ai.victor.otel.smoke.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Prometheus text exposition (format 0.0.4), as the OpenTelemetry Java SDK's Prometheus exporter serves it
 * on the agent's {@code /metrics} endpoint.
 *
 * <p>Written by hand rather than taken from a Prometheus client library so that the tests check the bytes the agent
 * really serves, with no second implementation of the format between them and the assertions.
 */
public final class PrometheusText {

  /** One sample line: its full name (for example with {@code _total} or {@code _bucket}), labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  private final Map<String, String> types;
  private final Map<String, String> helps;
  private final List<Sample> samples;

  private PrometheusText(Map<String, String> types, Map<String, String> helps, List<Sample> samples) {
    this.types = Collections.unmodifiableMap(types);
    this.helps = Collections.unmodifiableMap(helps);
    this.samples = Collections.unmodifiableList(samples);
  }

  /** Fetches and parses {@code url}, asking for the 0.0.4 text format rather than OpenMetrics. */
  public static PrometheusText scrape(String url) {
    return parse(Http.get(url, "Accept", "text/plain; version=0.0.4"));
  }

  /**
   * Parses a whole exposition.
   *
   * @throws IllegalArgumentException naming the line that is not valid text format
   */
  public static PrometheusText parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          parseComment(line, types, helps);
        } else {
          samples.add(new SampleParser(line).parse());
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNumber + " is not Prometheus text: " + line, e);
      }
    }
    return new PrometheusText(types, helps, samples);
  }

  /** Names of the metric families declared by {@code # TYPE} lines, in exposition order. */
  public Set<String> metricFamilies() {
    return types.keySet();
  }

  /** The {@code # TYPE} of a family ({@code counter}, {@code gauge}, {@code histogram}, ...), or null if undeclared. */
  public String type(String family) {
    return types.get(family);
  }

  /** The unescaped {@code # HELP} text of a family, or null if it has none. */
  public String help(String family) {
    return helps.get(family);
  }

  /** Every sample whose full name is exactly {@code name}, in exposition order. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Every sample, in exposition order. */
  public List<Sample> samples() {
    return samples;
  }

  /** The distinct full sample names, in exposition order. */
  public Set<String> sampleNames() {
    Set<String> names = new LinkedHashSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  private static void parseComment(String line, Map<String, String> types, Map<String, String> helps) {
    // "# HELP name text" and "# TYPE name type"; any other comment carries no data.
    String[] parts = line.substring(1).stripLeading().split("[ \t]+", 3);
    if (parts.length < 2) {
      return;
    }
    String rest = parts.length == 3 ? parts[2] : "";
    switch (parts[0]) {
      case "TYPE" -> types.put(parts[1], rest.strip());
      case "HELP" -> helps.put(parts[1], unescapeHelp(rest));
      default -> { }
    }
  }

  private static String unescapeHelp(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == 'n' || next == '\\') {
          out.append(next == 'n' ? '\n' : '\\');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Parses one sample line: {@code name[{label="value",...}] value [timestamp]}. */
  private static final class SampleParser {
    private final String line;
    private int pos;

    SampleParser(String line) {
      this.line = line;
    }

    Sample parse() {
      skipSpaces();
      String name = identifier();
      Map<String, String> labels = new LinkedHashMap<>();
      skipSpaces();
      if (peek() == '{') {
        pos++;
        parseLabels(labels);
      }
      skipSpaces();
      double value = parseValue(token());
      skipSpaces();
      if (pos < line.length()) {
        Long.parseLong(token()); // a timestamp in milliseconds; validated, not kept
        skipSpaces();
      }
      if (pos < line.length()) {
        throw new IllegalArgumentException("unexpected text at column " + pos);
      }
      return new Sample(name, labels, value);
    }

    private void parseLabels(Map<String, String> labels) {
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          pos++;
          return;
        }
        String label = identifier();
        skipSpaces();
        expect('=');
        skipSpaces();
        expect('"');
        labels.put(label, labelValue());
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at column " + pos);
        }
      }
    }

    /** Reads up to the closing quote, undoing the escapes {@code \\}, {@code \"} and {@code \n}. */
    private String labelValue() {
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char escaped = next();
          switch (escaped) {
            case '\\', '"' -> out.append(escaped);
            case 'n' -> out.append('\n');
            default -> throw new IllegalArgumentException("bad escape \\" + escaped + " at column " + pos);
          }
        } else {
          out.append(c);
        }
      }
    }

    private String identifier() {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        boolean valid =
            c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (pos > start && c >= '0' && c <= '9');
        if (!valid) {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a name at column " + pos);
      }
      return line.substring(start, pos);
    }

    private String token() {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a value at column " + pos);
      }
      return line.substring(start, pos);
    }

    private static double parseValue(String token) {
      return switch (token) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(token);
      };
    }

    private void skipSpaces() {
      while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private char peek() {
      return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private char next() {
      if (pos >= line.length()) {
        throw new IllegalArgumentException("line ends early");
      }
      return line.charAt(pos++);
    }

    private void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos - 1));
      }
    }
  }
}
