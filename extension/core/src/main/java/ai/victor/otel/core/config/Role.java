package ai.victor.otel.core.config;

import java.util.Locale;

/** What a configured class is to the agent service, which decides what is recorded for it. */
public enum Role {
  CACHE,
  SELECTOR,
  PROVIDER,
  TOOL,
  /** An agent invocation: the calls of models and tools beneath it are counted per invocation. */
  AGENT,
  BOOTSTRAP;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code value}, or null. */
  public static Role parse(String value) {
    for (Role role : values()) {
      if (role.key().equalsIgnoreCase(value)) {
        return role;
      }
    }
    return null;
  }
}
