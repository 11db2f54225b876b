package ai.victor.otel.instrumentation.langchain4j.app;

import dev.langchain4j.service.TokenStream;

/** A streaming AI service: the tool loop continues in the stream's completion callbacks. */
public interface StreamingAssistant {
  TokenStream chat(String message);
}
