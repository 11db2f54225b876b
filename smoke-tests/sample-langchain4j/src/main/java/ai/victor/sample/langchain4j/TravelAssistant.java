package ai.victor.sample.langchain4j;

import dev.langchain4j.service.SystemMessage;

/** The AI service: LangChain4j implements it, running the tool-calling loop. */
public interface TravelAssistant {
  @SystemMessage("You are a travel assistant. Use the tools you are offered.")
  String answer(String question);
}
