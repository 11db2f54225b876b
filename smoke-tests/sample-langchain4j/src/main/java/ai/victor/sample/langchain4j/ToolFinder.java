package ai.victor.sample.langchain4j;

/** A second AI service whose tools the model finds through LangChain4j's tool search. */
public interface ToolFinder {
  String find(String request);
}
