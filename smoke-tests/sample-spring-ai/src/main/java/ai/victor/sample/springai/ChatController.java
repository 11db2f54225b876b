package ai.victor.sample.springai;

import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP API; a failed model call answers 502 with the error, as a gateway would. */
@RestController
public class ChatController {
  private final ChatClient chat;

  public ChatController(ChatClient chat) {
    this.chat = chat;
  }

  @GetMapping("/chat")
  public ResponseEntity<String> chat(@RequestParam("q") String question,
      @RequestParam(name = "model", required = false) String model) {
    try {
      return ResponseEntity.ok(request(question, model, false).call().content());
    } catch (RuntimeException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(e.toString());
    }
  }

  @GetMapping("/stream")
  public ResponseEntity<String> stream(@RequestParam("q") String question,
      @RequestParam(name = "model", required = false) String model) {
    try {
      List<String> chunks = request(question, model, true).stream().content().collectList()
          .block();
      return ResponseEntity.ok(chunks == null ? "" : String.join("", chunks));
    } catch (RuntimeException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(e.toString());
    }
  }

  private ChatClient.ChatClientRequestSpec request(String question, String model,
      boolean streamUsage) {
    OpenAiChatOptions.Builder options = OpenAiChatOptions.builder().streamUsage(streamUsage);
    if (model != null && !model.isBlank()) {
      options.model(model);
    }
    return chat.prompt().user(question).options(options);
  }
}
