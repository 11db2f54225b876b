package ai.victor.otel.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The GenAI conventions' structured message JSON, and its truncation that keeps it JSON. */
class GenAiMessagesTest {

  @Test
  void messagesWithTextToolCallsAndResponses() {
    String json = GenAiMessages.create(1000)
        .message("system").text("Be brief.")
        .message("user").text("Weather in \"Paris\"?\n")
        .message("assistant").toolCall("call_1", "weather", "{\"city\":\"Paris\"}")
        .message("tool").toolCallResponse("call_1", "sunny")
        .toJson();
    assertThat(json).isEqualTo("["
        + "{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
        + "\"Weather in \\\"Paris\\\"?\\n\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
        + "\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]},"
        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\","
        + "\"response\":\"sunny\"}]}]");
  }

  @Test
  void anOutputMessageHasItsFinishReason() {
    assertThat(GenAiMessages.create(100).message("assistant").text("Sunny.").finishReason("stop")
        .toJson()).isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
        + "\"content\":\"Sunny.\"}],\"finish_reason\":\"stop\"}]");
  }

  @Test
  void theContentIsCutNeverTheJson() {
    String json = GenAiMessages.create(8)
        .message("user").text("hello world")
        .message("assistant").text("never shown")
        .toJson();
    assertThat(json).isEqualTo(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello wo\"}]}]");
    assertThat(GenAiMessages.text("user", "\u00e9\ud83d\ude00x", 2))
        .as("half a surrogate pair is dropped")
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"\u00e9\"}]}]");
  }
}
