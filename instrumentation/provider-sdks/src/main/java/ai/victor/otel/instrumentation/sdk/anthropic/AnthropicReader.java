package ai.victor.otel.instrumentation.sdk.anthropic;

import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.OutputTokensDetails;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Usage;
import java.util.Optional;

/**
 * Reads the Anthropic SDK's messages and stream events into a call. Anthropic counts the tokens
 * read from and written to the prompt cache apart from {@code input_tokens}; the call's input is
 * their sum, as the GenAI convention asks (and as OpenAI and Gemini report it), and each is also
 * read apart. Output includes the thinking tokens, which {@code output_tokens_details} reports.
 * In a stream, {@code message_start} carries the input side and {@code message_delta} the
 * cumulative output (and, when sent, updated input counts).
 */
final class AnthropicReader implements Reader {

  static String model(Object params) {
    return ((MessageCreateParams) params).model().asString();
  }

  @Override
  public void result(SdkCall call, Object result) {
    if (result instanceof Message) {
      message(call, (Message) result);
    }
  }

  @Override
  public void chunk(SdkCall call, Object chunk) {
    if (!(chunk instanceof RawMessageStreamEvent)) {
      return;
    }
    RawMessageStreamEvent event = (RawMessageStreamEvent) chunk;
    if (event.isContentBlockDelta()) {
      call.outputChunk();
    } else if (event.isMessageStart()) {
      message(call, event.asMessageStart().message());
    } else if (event.isMessageDelta()) {
      delta(call, event.asMessageDelta());
    }
  }

  private static void message(SdkCall call, Message message) {
    call.responseModel = message.model().asString();
    call.responseId = message.id();
    stopReason(call, message.stopReason());
    Usage usage = message.usage();
    long cacheRead = orZero(usage.cacheReadInputTokens());
    long cacheWrite = orZero(usage.cacheCreationInputTokens());
    call.inputTokens = usage.inputTokens() + cacheRead + cacheWrite;
    call.cacheReadTokens = orUnknown(usage.cacheReadInputTokens());
    call.cacheWriteTokens = orUnknown(usage.cacheCreationInputTokens());
    call.outputTokens = usage.outputTokens();
    thinking(call, usage.outputTokensDetails());
  }

  private static void delta(SdkCall call, RawMessageDeltaEvent event) {
    stopReason(call, event.delta().stopReason());
    MessageDeltaUsage usage = event.usage();
    call.outputTokens = usage.outputTokens();
    thinking(call, usage.outputTokensDetails());
    if (usage.inputTokens().isPresent()) {
      long cacheRead = usage.cacheReadInputTokens().isPresent()
          ? usage.cacheReadInputTokens().get() : Math.max(call.cacheReadTokens, 0);
      long cacheWrite = usage.cacheCreationInputTokens().isPresent()
          ? usage.cacheCreationInputTokens().get() : Math.max(call.cacheWriteTokens, 0);
      call.inputTokens = usage.inputTokens().get() + cacheRead + cacheWrite;
      if (usage.cacheReadInputTokens().isPresent()) {
        call.cacheReadTokens = cacheRead;
      }
      if (usage.cacheCreationInputTokens().isPresent()) {
        call.cacheWriteTokens = cacheWrite;
      }
    }
  }

  private static void stopReason(SdkCall call, Optional<StopReason> reason) {
    if (reason.isPresent() && call.traced()) {
      // The wire value as it came: the enum's toString builds a new string.
      call.finishReason(reason.get()._value().asString().orElse(null));
    }
  }

  private static void thinking(SdkCall call, Optional<OutputTokensDetails> details) {
    if (details.isPresent()) {
      call.reasoningTokens = details.get().thinkingTokens();
    }
  }

  private static long orZero(Optional<Long> count) {
    return count.isPresent() ? count.get() : 0;
  }

  private static long orUnknown(Optional<Long> count) {
    return count.isPresent() ? count.get() : -1;
  }
}
