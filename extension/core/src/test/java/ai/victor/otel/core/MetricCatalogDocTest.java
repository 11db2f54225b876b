package ai.victor.otel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/metrics.md is the catalog users and the alert rules rely on: it must match the code. */
class MetricCatalogDocTest {
  private static final Path DOC = Paths.get("../../docs/metrics.md");
  /** A row of the catalog table (other tables name labels, not series). */
  private static final java.util.regex.Pattern CATALOG_ROW = java.util.regex.Pattern.compile(
      "^\\| `(victor|gen_ai|mcp)_[a-z_]+` \\| (counter|gauge|histogram|up-down-counter) \\|");

  @Test
  void everyCatalogEntryIsDocumentedExactly() throws IOException {
    Map<String, String> documented = documentedRows();
    Map<String, String> expected = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      expected.put(metric.prometheusName(), row(metric));
    }
    assertThat(documented).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /** The table row of a catalog entry, cells joined by '|', as docs/metrics.md writes it. */
  private static String row(Metric metric) {
    List<String> labels = new ArrayList<>();
    for (String label : metric.labels()) {
      labels.add("`" + label.replace('.', '_') + "`");
    }
    return String.join("|",
        metric.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "`" + metric.otelName() + "`",
        metric.unit().isEmpty() ? "" : "`" + metric.unit() + "`",
        String.join(", ", labels),
        metric.source().name().toLowerCase(Locale.ROOT),
        metric.role(),
        metric.description());
  }

  private static Map<String, String> documentedRows() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (!CATALOG_ROW.matcher(line).find()) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      List<String> trimmed = new ArrayList<>();
      for (String cell : cells) {
        trimmed.add(cell.trim());
      }
      String name = trimmed.get(0).replace("`", "");
      assertThat(rows).as("documented twice: " + name).doesNotContainKey(name);
      rows.put(name, String.join("|", trimmed.subList(1, trimmed.size())));
    }
    return rows;
  }
}
