package ai.victor.otel.instrumentation.configured.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** A provider whose answer arrives later, on another thread, through a CompletableFuture. */
public class FutureProvider {
  private final long delayMillis;
  private CompletableFuture<ChatResponse> lastFuture;

  public FutureProvider(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  public CompletableFuture<ChatResponse> complete(ChatRequest request) {
    Executor later = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
    lastFuture = CompletableFuture.supplyAsync(() -> new ChatResponse(request.model(), "later",
        "stop", new ChatResponse.Usage(21, 43)), later);
    return lastFuture;
  }

  /** What the last call returned, to check the caller got that very future. */
  public CompletableFuture<ChatResponse> lastFuture() {
    return lastFuture;
  }
}
