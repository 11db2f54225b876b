package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.recording.GenAiMessages;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Message content for span attributes: recorded only when {@code
 * victor.otel.capture-message-content} is on, and cut to {@code victor.otel.content-max-length}.
 * Chat messages go in the GenAI conventions' structured form ({@link GenAiMessages}); tool
 * arguments and results as their text.
 */
final class Content {
  private Content() {}

  /** The text to record, or null when capture is off or there is nothing to record. */
  static String of(VictorConfig config, Object value) {
    if (value == null || !config.captureContent()) {
      return null;
    }
    String text = value.toString();
    int max = config.contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** A request's messages as {@code gen_ai.input.messages}, or null when capture is off. */
  static String messages(VictorConfig config, List<ChatMessage> messages) {
    if (messages == null || !config.captureContent()) {
      return null;
    }
    GenAiMessages json = GenAiMessages.create(config.contentMaxLength());
    for (ChatMessage message : messages) {
      if (message instanceof SystemMessage) {
        json.message("system").text(((SystemMessage) message).text());
      } else if (message instanceof UserMessage) {
        json.message("user");
        for (dev.langchain4j.data.message.Content content : ((UserMessage) message).contents()) {
          if (content instanceof TextContent) {
            json.text(((TextContent) content).text());
          }
        }
      } else if (message instanceof AiMessage) {
        assistant(json, (AiMessage) message);
      } else if (message instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
        json.message("tool").toolCallResponse(result.id(), result.text());
      }
    }
    return json.toJson();
  }

  /** An answer as {@code gen_ai.output.messages}, or null when capture is off. */
  static String output(VictorConfig config, AiMessage message, String finishReason) {
    if (message == null || !config.captureContent()) {
      return null;
    }
    GenAiMessages json = GenAiMessages.create(config.contentMaxLength());
    assistant(json, message);
    return json.finishReason(finishReason).toJson();
  }

  private static void assistant(GenAiMessages json, AiMessage message) {
    json.message("assistant");
    if (message.text() != null) {
      json.text(message.text());
    }
    if (message.hasToolExecutionRequests()) {
      for (ToolExecutionRequest request : message.toolExecutionRequests()) {
        json.toolCall(request.id(), request.name(), request.arguments());
      }
    }
  }
}
