package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.config.VictorConfig;

/**
 * Message content for span attributes: recorded only when {@code
 * victor.otel.capture-message-content} is on, and cut to {@code victor.otel.content-max-length}.
 */
final class Content {
  private Content() {}

  /** The text to record, or null when capture is off or there is nothing to record. */
  static String of(VictorConfig config, Object value) {
    if (value == null || !config.captureContent()) {
      return null;
    }
    String text = value.toString();
    int max = config.contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }
}
