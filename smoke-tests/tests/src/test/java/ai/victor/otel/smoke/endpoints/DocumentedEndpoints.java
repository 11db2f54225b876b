package ai.victor.otel.smoke.endpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response fields docs/endpoints.md documents, per path: the first column of the table under
 * each {@code ### `GET /path`} heading. Tests hold the running endpoint to them.
 */
final class DocumentedEndpoints {
  private static final Pattern HEADING = Pattern.compile("^### `GET (/[^`]*)`");
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

  private final Map<String, List<String>> fields = new LinkedHashMap<>();

  static DocumentedEndpoints load() {
    Path docs = Path.of("../../docs/endpoints.md");
    try {
      DocumentedEndpoints result = new DocumentedEndpoints();
      String path = null;
      for (String line : Files.readAllLines(docs)) {
        Matcher heading = HEADING.matcher(line);
        if (heading.find()) {
          path = heading.group(1);
          result.fields.put(path, new ArrayList<>());
        } else if (line.startsWith("#")) {
          path = null;
        } else if (path != null) {
          Matcher row = ROW.matcher(line);
          if (row.find()) {
            result.fields.get(path).add(row.group(1));
          }
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + docs.toAbsolutePath(), e);
    }
  }

  /** Documented paths, in document order. */
  List<String> paths() {
    return new ArrayList<>(fields.keySet());
  }

  /** Field paths as documented: {@code a.b}, {@code a[].b}, {@code a.*}. */
  List<String> fields(String path) {
    List<String> documented = fields.get(path);
    if (documented == null) {
      throw new AssertionError("docs/endpoints.md documents no GET " + path);
    }
    return documented;
  }

  /** The top-level names of the documented fields. */
  List<String> topLevel(String path) {
    List<String> names = new ArrayList<>();
    for (String field : fields(path)) {
      String name = field.split("[.\\[]", 2)[0];
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
