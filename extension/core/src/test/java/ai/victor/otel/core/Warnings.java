package ai.victor.otel.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The WARNINGs the extension logs (logger {@code ai.victor.otel}) while this is open. */
public final class Warnings extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("ai.victor.otel");
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private Warnings() {}

  public static Warnings capture() {
    Warnings warnings = new Warnings();
    warnings.logger.addHandler(warnings);
    return warnings;
  }

  public List<String> messages() {
    return new ArrayList<>(messages);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      messages.add(record.getMessage());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
