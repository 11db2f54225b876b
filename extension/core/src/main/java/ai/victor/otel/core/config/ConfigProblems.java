package ai.victor.otel.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Misconfigurations found while parsing. Each becomes one log line that names the setting and
 * what was expected; the setting is ignored and everything else keeps working.
 */
public final class ConfigProblems {
  private final List<String> messages = new ArrayList<>();

  void add(String key, String value, String expected) {
    messages.add("victor-otel: ignoring " + key + "=" + (value == null ? "<unset>" : value)
        + ": expected " + expected);
  }

  public List<String> messages() {
    return Collections.unmodifiableList(messages);
  }
}
