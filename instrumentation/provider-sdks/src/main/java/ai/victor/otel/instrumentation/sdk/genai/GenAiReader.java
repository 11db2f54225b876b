package ai.victor.otel.instrumentation.sdk.genai;

import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import com.google.genai.types.Candidate;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Google GenAI SDK's responses into a call. Gemini counts the cached tokens inside
 * {@code promptTokenCount} (the input) and the thought tokens apart from {@code
 * candidatesTokenCount}: the call's output is their sum, as the GenAI convention asks. A stream
 * sends a response per chunk, each with the usage so far: the last one wins.
 */
final class GenAiReader implements Reader {

  @Override
  public void result(SdkCall call, Object result) {
    if (result instanceof GenerateContentResponse) {
      read(call, (GenerateContentResponse) result);
    }
  }

  @Override
  public void chunk(SdkCall call, Object chunk) {
    if (chunk instanceof GenerateContentResponse) {
      call.outputChunk();
      read(call, (GenerateContentResponse) chunk);
    }
  }

  private static void read(SdkCall call, GenerateContentResponse response) {
    Optional<String> model = response.modelVersion();
    if (model.isPresent()) {
      call.responseModel = model.get();
    }
    Optional<String> id = response.responseId();
    if (id.isPresent()) {
      call.responseId = id.get();
    }
    Optional<List<Candidate>> candidates = response.candidates();
    if (candidates.isPresent()) {
      for (Candidate candidate : candidates.get()) {
        Optional<FinishReason> reason = candidate.finishReason();
        if (reason.isPresent()) {
          call.finishReason(reason.get().toString());
        }
      }
    }
    Optional<GenerateContentResponseUsageMetadata> metadata = response.usageMetadata();
    if (!metadata.isPresent()) {
      return;
    }
    GenerateContentResponseUsageMetadata usage = metadata.get();
    if (usage.promptTokenCount().isPresent()) {
      call.inputTokens = usage.promptTokenCount().get();
    }
    int thoughts = usage.thoughtsTokenCount().orElse(0);
    if (usage.candidatesTokenCount().isPresent() || usage.thoughtsTokenCount().isPresent()) {
      call.outputTokens = usage.candidatesTokenCount().orElse(0) + thoughts;
    }
    if (usage.thoughtsTokenCount().isPresent()) {
      call.reasoningTokens = thoughts;
    }
    if (usage.cachedContentTokenCount().isPresent()) {
      call.cacheReadTokens = usage.cachedContentTokenCount().get();
    }
  }
}
