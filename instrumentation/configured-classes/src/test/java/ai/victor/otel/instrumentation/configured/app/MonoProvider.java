package ai.victor.otel.instrumentation.configured.app;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** A provider answering with a cold Mono: nothing happens until it is subscribed. */
public class MonoProvider {
  private final Duration delay;

  public MonoProvider(Duration delay) {
    this.delay = delay;
  }

  public Mono<ChatResponse> complete(ChatRequest request) {
    return Mono.delay(delay).map(tick -> new ChatResponse(request.model(), "later", "stop",
        new ChatResponse.Usage(5, 8)));
  }
}
