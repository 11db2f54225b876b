package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import com.openai.core.JsonField;
import com.openai.models.ChatModel;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.util.List;
import java.util.Optional;

/**
 * Reads the OpenAI SDK's chat completions, chunks, Responses and Responses events into a call.
 * Token counts are the API's own: input includes the cached tokens and output the reasoning
 * tokens, which are also read apart. Only what OpenAI Java 4.0.0 already has is read (4.x later
 * added the Responses cache-write count, not read here).
 */
final class OpenAiReader implements Reader {

  /** The request's model: chat completions always name one, Responses requests may not. */
  static String model(Object params) {
    if (params instanceof ChatCompletionCreateParams) {
      return ((ChatCompletionCreateParams) params).model().asString();
    }
    Optional<ResponsesModel> model = ((ResponseCreateParams) params).model();
    return model.isPresent() ? name(model.get()) : null;
  }

  @Override
  public void result(SdkCall call, Object result) {
    if (result instanceof ChatCompletion) {
      chat(call, (ChatCompletion) result);
    } else if (result instanceof Response) {
      response(call, (Response) result);
    }
  }

  @Override
  public void chunk(SdkCall call, Object chunk) {
    if (chunk instanceof ChatCompletionChunk) {
      chatChunk(call, (ChatCompletionChunk) chunk);
    } else if (chunk instanceof ResponseStreamEvent) {
      event(call, (ResponseStreamEvent) chunk);
    }
  }

  private static void chat(SdkCall call, ChatCompletion completion) {
    call.responseModel = completion.model();
    call.responseId = completion.id();
    if (call.traced()) {
      for (ChatCompletion.Choice choice : completion.choices()) {
        call.finishReason(string(choice.finishReason()._value()));
      }
    }
    Optional<CompletionUsage> usage = completion.usage();
    if (usage.isPresent()) {
      usage(call, usage.get());
    }
  }

  private static void chatChunk(SdkCall call, ChatCompletionChunk chunk) {
    List<ChatCompletionChunk.Choice> choices = chunk.choices();
    if (call.responseId == null) {
      call.responseModel = chunk.model();
      call.responseId = chunk.id();
    }
    if (!choices.isEmpty()) {
      if (carriesOutput(choices)) {
        call.outputChunk();
      }
      for (int i = 0; call.traced() && i < choices.size(); i++) {
        Optional<ChatCompletionChunk.Choice.FinishReason> reason = choices.get(i).finishReason();
        if (reason.isPresent()) {
          call.finishReason(string(reason.get()._value()));
        }
      }
    }
    // Only with stream_options.include_usage: a last chunk with the usage and no choices.
    Optional<CompletionUsage> usage = chunk.usage();
    if (usage.isPresent()) {
      usage(call, usage.get());
    }
  }

  /**
   * Whether a chunk carries output (text, a refusal, a tool call): the chunk that only opens the
   * assistant's turn and the one that only says why it finished are not chunks of the answer.
   */
  private static boolean carriesOutput(List<ChatCompletionChunk.Choice> choices) {
    for (ChatCompletionChunk.Choice choice : choices) {
      ChatCompletionChunk.Choice.Delta delta = choice.delta();
      Optional<String> content = delta.content();
      if ((content.isPresent() && !content.get().isEmpty()) || delta.refusal().isPresent()
          || (delta.toolCalls().isPresent() && !delta.toolCalls().get().isEmpty())) {
        return true;
      }
    }
    return false;
  }

  private static void usage(SdkCall call, CompletionUsage usage) {
    call.inputTokens = usage.promptTokens();
    call.outputTokens = usage.completionTokens();
    // Each accessor wraps its field in a new Optional: each is called once.
    Optional<CompletionUsage.PromptTokensDetails> prompt = usage.promptTokensDetails();
    if (prompt.isPresent()) {
      Optional<Long> cached = prompt.get().cachedTokens();
      if (cached.isPresent()) {
        call.cacheReadTokens = cached.get();
      }
    }
    Optional<CompletionUsage.CompletionTokensDetails> completion =
        usage.completionTokensDetails();
    if (completion.isPresent()) {
      Optional<Long> reasoning = completion.get().reasoningTokens();
      if (reasoning.isPresent()) {
        call.reasoningTokens = reasoning.get();
      }
    }
  }

  private static void response(SdkCall call, Response response) {
    call.responseModel = name(response.model());
    call.responseId = response.id();
    Optional<Response.IncompleteDetails> incomplete = response.incompleteDetails();
    if (incomplete.isPresent()) {
      Optional<Response.IncompleteDetails.Reason> reason = incomplete.get().reason();
      if (reason.isPresent()) {
        call.finishReason(string(reason.get()._value()));
      }
    }
    Optional<ResponseUsage> usage = response.usage();
    if (usage.isPresent()) {
      ResponseUsage tokens = usage.get();
      call.inputTokens = tokens.inputTokens();
      call.outputTokens = tokens.outputTokens();
      call.cacheReadTokens = tokens.inputTokensDetails().cachedTokens();
      call.reasoningTokens = tokens.outputTokensDetails().reasoningTokens();
    }
  }

  private static void event(SdkCall call, ResponseStreamEvent event) {
    if (event.isOutputTextDelta() || event.isFunctionCallArgumentsDelta()) {
      call.outputChunk();
    } else if (event.isCompleted()) {
      response(call, event.asCompleted().response());
    } else if (event.isIncomplete()) {
      response(call, event.asIncomplete().response());
    } else if (event.isFailed()) {
      response(call, event.asFailed().response());
      call.failedInStream(ErrorClassifier.SERVER);
    } else if (event.isError()) {
      String code = event.asError().code().orElse("");
      call.failedInStream(code.contains("rate_limit") ? ErrorClassifier.RATE_LIMITED
          : ErrorClassifier.SERVER);
    }
  }

  /**
   * An SDK enum's wire value, as it came (the enums' {@code toString} builds a new string through
   * the SDK's content formatting); null when it is not a string.
   */
  private static String string(JsonField<String> value) {
    return value.asString().orElse(null);
  }

  /** The model a Responses request or response names: a string, a chat or a Responses model. */
  private static String name(ResponsesModel model) {
    Optional<String> string = model.string();
    if (string.isPresent()) {
      return string.get();
    }
    Optional<ChatModel> chat = model.chat();
    if (chat.isPresent()) {
      return chat.get().asString();
    }
    Optional<ResponsesModel.ResponsesOnlyModel> only = model.only();
    return only.isPresent() ? only.get().asString() : null;
  }
}
