package ai.victor.otel.instrumentation.langchain4j.app;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

/** An AI service with a chat memory per conversation. */
public interface MemoryAssistant {
  String chat(@MemoryId String conversation, @UserMessage String message);
}
