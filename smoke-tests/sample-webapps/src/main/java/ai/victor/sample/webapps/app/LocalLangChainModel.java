package ai.victor.sample.webapps.app;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/** A LangChain4j chat model answering in process: 3 input and 5 output tokens per call. */
public final class LocalLangChainModel implements ChatModel {
  @Override
  public ChatResponse doChat(ChatRequest request) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from("ok"))
        .tokenUsage(new TokenUsage(3, 5))
        .finishReason(FinishReason.STOP)
        .modelName("local-model")
        .build();
  }
}
