package ai.victor.otel.instrumentation.configured.app;

/** Target {@code llm}: an interface, so every implementation is instrumented. */
public interface ChatProvider {
  String name();

  ChatResponse complete(ChatRequest request) throws Exception;
}
