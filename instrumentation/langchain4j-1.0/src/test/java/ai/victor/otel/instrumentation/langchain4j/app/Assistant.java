package ai.victor.otel.instrumentation.langchain4j.app;

/** An AI service: LangChain4j implements it with a proxy. */
public interface Assistant {
  String chat(String message);
}
