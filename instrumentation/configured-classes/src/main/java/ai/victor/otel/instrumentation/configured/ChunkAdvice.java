package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.configured.ProviderCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a provider target's {@code chunk-methods}: methods of the provider class that run
 * once per chunk of a streamed answer, on the thread of the call (a client reading server-sent
 * events in a loop). Each marks a chunk of the call in progress for that instance: the first is
 * its time to first chunk.
 */
public final class ChunkAdvice {
  private ChunkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This(optional = true) Object self) {
    ProviderCalls.onChunk(self);
  }
}
