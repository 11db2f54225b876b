package ai.victor.sample.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * A travel assistant: {@code GET /chat?q=...} and {@code GET /stream?q=...} ask the model through
 * a ChatClient that offers three tools ({@link TravelTools}). The fake provider calls every tool
 * whose name the question contains, e.g. {@code /chat?q=weather and exchangeRate for Lisbon}.
 * {@code model=...} picks another model (the fake fails {@code *rate-limited*}, {@code
 * *server-error*} and times out {@code *slow*} ones).
 */
@SpringBootApplication
@EnableCaching
public class SampleSpringAiApp {

  public static void main(String[] args) {
    SpringApplication.run(SampleSpringAiApp.class, args);
  }

  @Bean
  ChatClient chatClient(ChatClient.Builder builder, TravelTools tools) {
    return builder.defaultSystem("You are a travel assistant. Use the tools.")
        .defaultTools(tools)
        .build();
  }

  /** The line run-with-agent.sh and the smoke test wait for. */
  @EventListener
  public void listening(WebServerInitializedEvent event) {
    System.out.println("LISTENING port=" + event.getWebServer().getPort());
  }
}
