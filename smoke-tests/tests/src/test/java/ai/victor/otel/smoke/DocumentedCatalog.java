package ai.victor.otel.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The series docs/metrics.md promises. The smoke tests hold the running agent to the document,
 * not to the code's own constants, so a renamed metric fails here even if code and docs were
 * changed together without the dashboards noticing.
 */
public record DocumentedCatalog(List<Entry> entries) {
  /** One table row: Prometheus name, type, OTel name, Prometheus label names. */
  public record Entry(String prometheusName, String type, String otelName, List<String> labels) {
    /** The sample names a scrape shows for this series. */
    public Set<String> sampleNames() {
      if (type.equals("histogram")) {
        return Set.of(prometheusName + "_bucket", prometheusName + "_sum",
            prometheusName + "_count");
      }
      return Set.of(prometheusName);
    }

    /** The OTel attribute keys: the label names with the GenAI dots back. */
    List<String> attributeKeys() {
      return labels.stream()
          .map(l -> l.startsWith("gen_ai_") ? "gen_ai." + l.substring(7).replaceFirst("_", ".")
              : l.startsWith("server_") ? "server." + l.substring(7)
              : l.equals("error_type") && otelName.startsWith("gen_ai.") ? "error.type" : l)
          .toList();
    }
  }

  public static DocumentedCatalog load() {
    Path doc = Paths.get("../../docs/metrics.md");
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
        if (!line.startsWith("| `victor_") && !line.startsWith("| `gen_ai_")) {
          continue;
        }
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        List<String> labels = new ArrayList<>();
        for (String label : cells[4].split(",")) {
          if (!label.isBlank()) {
            labels.add(label.trim().replace("`", ""));
          }
        }
        entries.add(new Entry(cells[0].trim().replace("`", ""), cells[1].trim(),
            cells[2].trim().replace("`", ""), labels));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (entries.size() < 30) {
      throw new IllegalStateException("docs/metrics.md lists only " + entries.size() + " series");
    }
    return new DocumentedCatalog(entries);
  }

  public Set<String> sampleNames() {
    Set<String> names = new LinkedHashSet<>();
    entries.forEach(e -> names.addAll(e.sampleNames()));
    return names;
  }
}
