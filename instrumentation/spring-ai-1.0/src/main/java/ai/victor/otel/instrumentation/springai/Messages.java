package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.GenAiMessages;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Captured Spring AI messages in the GenAI conventions' structured form ({@link GenAiMessages}):
 * built only when content capture is on.
 */
final class Messages {
  private Messages() {}

  /** A prompt's messages as {@code gen_ai.input.messages}. */
  static String input(List<Message> messages, int maxLength) {
    GenAiMessages json = GenAiMessages.create(maxLength);
    if (messages != null) {
      for (Message message : messages) {
        if (message instanceof SystemMessage) {
          json.message("system").text(message.getText());
        } else if (message instanceof UserMessage) {
          json.message("user").text(message.getText());
        } else if (message instanceof AssistantMessage) {
          assistant(json, (AssistantMessage) message);
        } else if (message instanceof ToolResponseMessage) {
          json.message("tool");
          for (ToolResponseMessage.ToolResponse response
              : ((ToolResponseMessage) message).getResponses()) {
            json.toolCallResponse(response.id(), response.responseData());
          }
        }
      }
    }
    return json.toJson();
  }

  /** An answer as {@code gen_ai.output.messages}. */
  static String output(AssistantMessage message, String finishReason, int maxLength) {
    GenAiMessages json = GenAiMessages.create(maxLength);
    if (message != null) {
      assistant(json, message);
    }
    return json.finishReason(finishReason).toJson();
  }

  /** A streamed answer's text, gathered from its chunks. */
  static String output(CharSequence text, String finishReason, int maxLength) {
    return GenAiMessages.create(maxLength).message("assistant").text(text)
        .finishReason(finishReason).toJson();
  }

  private static void assistant(GenAiMessages json, AssistantMessage message) {
    json.message("assistant");
    String text = message.getText();
    if (text != null && !text.isEmpty()) {
      json.text(text);
    }
    List<AssistantMessage.ToolCall> calls = message.getToolCalls();
    if (calls != null) {
      for (AssistantMessage.ToolCall call : calls) {
        json.toolCall(call.id(), call.name(), call.arguments());
      }
    }
  }
}
