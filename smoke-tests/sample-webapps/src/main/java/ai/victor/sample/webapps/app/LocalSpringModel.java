package ai.victor.sample.webapps.app;

import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/** A Spring AI chat model answering in process: 3 input and 5 output tokens per call. */
public final class LocalSpringModel implements ChatModel {
  @Override
  public ChatResponse call(Prompt prompt) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage("ok"))),
        ChatResponseMetadata.builder().model("local-model").usage(new DefaultUsage(3, 5))
            .build());
  }
}
