package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.TokenUsage;
import ai.victor.otel.core.recording.UsageDetails;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Recorders.SelectionRecorder;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyRateLimit;
import org.springframework.ai.chat.metadata.RateLimit;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;

/**
 * What the Spring AI advice records, one instance per application class loader. Names are read
 * once per model or tool instance and their recorders (with every attribute set pre-built) kept
 * per instance, so a call costs a weak identity-map lookup, a string comparison of the request model
 * and the SDK's own work. Every method swallows its own failures: they are counted in the
 * extension's failure metric and never reach the application.
 */
public final class SpringAiCalls {
  private static final String ROLE_PROVIDER = "provider";
  private static final String ROLE_TOOL = "tool";
  private static final String ROLE_SELECTOR = "selector";
  private static final ThreadLocal<Operation> CURRENT = new ThreadLocal<>();
  private static volatile SpringAiCalls global;

  final Telemetry telemetry;
  private final WeakIdentityMap<ModelBinding> models = new WeakIdentityMap<>();
  private final WeakIdentityMap<ToolRecorder> callbacks = new WeakIdentityMap<>();
  private final Function<Object, ModelBinding> modelResolver = this::bindModel;
  private final Function<Object, ToolRecorder> toolResolver = this::bindTool;
  private final SelectionRecorder selection;

  SpringAiCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.selection = new SelectionRecorder(telemetry);
  }

  public static SpringAiCalls instance() {
    SpringAiCalls calls = global;
    if (calls == null) {
      synchronized (SpringAiCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new SpringAiCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  // ---- chat -------------------------------------------------------------------------------

  /**
   * The synchronous chat call running on this thread, or null: the top of the thread's stack
   * only, so that a tool's own HTTP requests inside a chat call's tool loop are not the call's.
   */
  static Operation currentChat() {
    Operation top = CURRENT.get();
    return top != null && top.kind == Operation.CHAT && top.call != null
        && !(top instanceof StreamingChat) ? top : null;
  }

  /** Enter advice of {@code ChatModel.call(Prompt)}: the operation for the exit, or null. */
  public Object chatEnter(Object model, Prompt prompt) {
    try {
      Operation parent = CURRENT.get();
      if (parent != null && parent.kind == Operation.CHAT) {
        return null;
      }
      Operation call = startChat(model, prompt, parent, false);
      call.scope = call.context.makeCurrent();
      CURRENT.set(call);
      return call;
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_PROVIDER, t);
      return null;
    }
  }

  /** Exit advice of {@code ChatModel.call(Prompt)}. */
  public void chatExit(Object started, ChatResponse response, Throwable thrown) {
    if (!(started instanceof Operation)) {
      return;
    }
    Operation operation = (Operation) started;
    try {
      CURRENT.set(operation.parent);
      operation.scope.close();
      ProviderCall call = operation.call;
      // Each failed request another followed was retried: all of them for an answered call.
      call.retries(thrown == null ? operation.failedAttempts
          : Math.max(0, operation.failedAttempts - 1));
      if (thrown != null) {
        call.end(TokenUsage.NONE, SpringAiErrors.classify(thrown), thrown);
        return;
      }
      TokenUsage usage = TokenUsage.NONE;
      if (response != null) {
        ChatResponseMetadata metadata = response.getMetadata();
        if (metadata != null) {
          call.responseModel(metadata.getModel());
          usage = usage(metadata.getUsage());
          rateLimits(call, metadata.getRateLimit());
        }
        List<String> reasons = finishReasons(response, null);
        call.finishReasons(reasons);
        if (telemetry.config().captureContent()) {
          Generation generation = response.getResult();
          call.span().setAttribute(Recorders.GENAI_OUTPUT_MESSAGES, Messages.output(
              generation == null ? null : generation.getOutput(),
              reasons == null ? null : reasons.get(0), telemetry.config().contentMaxLength()));
        }
      }
      call.end(usage, null, null);
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_PROVIDER, t);
    }
  }

  /** Enter advice of {@code StreamingChatModel.stream(Prompt)}. */
  public Object streamEnter(Object model, Prompt prompt) {
    try {
      Operation parent = CURRENT.get();
      if (parent != null && parent.kind == Operation.CHAT) {
        return null;
      }
      // Not made current: the work happens when the Flux is subscribed, see StreamingChat.
      Operation call = startChat(model, prompt, parent, true);
      CURRENT.set(call);
      return call;
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_PROVIDER, t);
      return null;
    }
  }

  /**
   * Exit advice of {@code StreamingChatModel.stream(Prompt)}: the Flux to return instead, which
   * ends the call when it terminates; the original one if anything goes wrong.
   */
  public Flux<ChatResponse> streamExit(Object started, Flux<ChatResponse> flux,
      Throwable thrown) {
    if (!(started instanceof StreamingChat)) {
      return null;
    }
    StreamingChat call = (StreamingChat) started;
    try {
      CURRENT.set(call.parent);
      if (thrown != null || flux == null) {
        call.fail(thrown);
        return null;
      }
      return call.observe(flux);
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_PROVIDER, t);
      return null;
    }
  }

  private Operation startChat(Object model, Prompt prompt, Operation parent, boolean streaming) {
    ModelBinding binding = models.computeIfAbsent(model, modelResolver);
    String requested = null;
    ChatOptions options = prompt == null ? null : prompt.getOptions();
    if (options != null) {
      requested = options.getModel();
    }
    ProviderRecorder recorder = binding.recorder(requested == null ? binding.defaultModel
        : requested);
    ProviderCall call = recorder.start(Context.current());
    if (streaming) {
      call.stream(true);
    }
    if (prompt != null && telemetry.config().captureContent()) {
      call.span().setAttribute(Recorders.GENAI_INPUT_MESSAGES,
          Messages.input(prompt.getInstructions(), telemetry.config().contentMaxLength()));
    }
    return streaming ? new StreamingChat(this, parent, call) : new Operation(parent, call);
  }

  private ModelBinding bindModel(Object model) {
    String provider = Providers.NAMES.get(model.getClass());
    String defaultModel = null;
    if (model instanceof ChatModel) {
      try {
        ChatOptions defaults = ((ChatModel) model).getDefaultOptions();
        defaultModel = defaults == null ? null : defaults.getModel();
      } catch (RuntimeException e) {
        // a model without default options: the request names the model, or it is unknown
      }
    }
    return new ModelBinding(provider, defaultModel == null ? "unknown" : defaultModel);
  }

  /** Per chat model instance: its provider, default model and the last model's recorder. */
  final class ModelBinding {
    final String provider;
    final String defaultModel;
    private volatile ModelRecorder last;

    ModelBinding(String provider, String defaultModel) {
      this.provider = provider;
      this.defaultModel = defaultModel;
    }

    ProviderRecorder recorder(String model) {
      ModelRecorder cached = last;
      if (cached != null && cached.model.equals(model)) {
        return cached.recorder;
      }
      ProviderRecorder recorder = telemetry.providerRecorder(provider, model);
      last = new ModelRecorder(model, recorder);
      return recorder;
    }
  }

  /** A request model and its recorder, replaced together. */
  static final class ModelRecorder {
    final String model;
    final ProviderRecorder recorder;

    ModelRecorder(String model, ProviderRecorder recorder) {
      this.model = model;
      this.recorder = recorder;
    }
  }

  // ---- tools ------------------------------------------------------------------------------

  /** Enter advice of {@code ToolCallback.call}. */
  public Object toolEnter(Object callback, String input) {
    try {
      ToolRecorder recorder = callbacks.computeIfAbsent(callback, toolResolver);
      Operation parent = CURRENT.get();
      if (parent != null && parent.kind == Operation.TOOL && parent.recorder == recorder) {
        return null;
      }
      Context context = Context.current();
      // The arguments are hashed for the agent invocation's loop detection, never kept.
      Span span = recorder.start(context, "function", input);
      if (input != null && telemetry.config().captureContent()) {
        span.setAttribute(Recorders.GENAI_TOOL_ARGUMENTS, truncate(input));
      }
      Operation call = new Operation(Operation.TOOL, parent, recorder, span, context.with(span),
          System.nanoTime());
      call.scope = call.context.makeCurrent();
      CURRENT.set(call);
      return call;
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_TOOL, t);
      return null;
    }
  }

  /** Exit advice of {@code ToolCallback.call}. */
  public void toolExit(Object started, String result, Throwable thrown) {
    if (!(started instanceof Operation)) {
      return;
    }
    Operation call = (Operation) started;
    long nanos = System.nanoTime() - call.startNanos;
    try {
      CURRENT.set(call.parent);
      call.scope.close();
      String status = Recorders.STATUS_SUCCESS;
      if (thrown != null) {
        status = ErrorClassifier.TIMEOUT.equals(SpringAiErrors.classify(thrown))
            ? Recorders.STATUS_TIMEOUT : Recorders.STATUS_ERROR;
      } else if (result != null && telemetry.config().captureContent()) {
        call.span.setAttribute(Recorders.GENAI_TOOL_RESULT, truncate(result));
      }
      ((ToolRecorder) call.recorder).end(call.span, nanos, status, thrown);
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_TOOL, t);
    }
  }

  private ToolRecorder bindTool(Object callback) {
    String name = null;
    try {
      name = ((ToolCallback) callback).getToolDefinition().name();
    } catch (RuntimeException e) { // a LinkageError goes up to the breaker
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_TOOL, e);
    }
    return telemetry.toolRecorder(name);
  }

  // ---- tool selection ---------------------------------------------------------------------

  /** Enter advice of {@code ToolCallingManager.resolveToolDefinitions}. */
  public Object selectionEnter(Object manager) {
    try {
      Operation parent = CURRENT.get();
      if (parent != null && parent.kind == Operation.SELECTION) {
        return null;
      }
      Context context = Context.current();
      Span span = selection.start(context);
      Operation call = new Operation(Operation.SELECTION, parent, selection, span,
          context.with(span), System.nanoTime());
      call.scope = call.context.makeCurrent();
      CURRENT.set(call);
      return call;
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_SELECTOR, t);
      return null;
    }
  }

  /** Exit advice of {@code ToolCallingManager.resolveToolDefinitions}. */
  public void selectionExit(Object started, List<?> definitions, Throwable thrown) {
    if (!(started instanceof Operation)) {
      return;
    }
    Operation call = (Operation) started;
    long nanos = System.nanoTime() - call.startNanos;
    try {
      CURRENT.set(call.parent);
      call.scope.close();
      long count = -1;
      if (thrown != null) {
        call.span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
        call.span.recordException(thrown);
      } else {
        count = definitions == null ? 0 : definitions.size();
        call.span.setAttribute(Recorders.SELECTION_CACHE_TYPE, "none");
        call.span.setAttribute(Recorders.SELECTION_TOOL_COUNT, count);
      }
      selection.record(nanos, thrown == null ? "none" : null, false, count);
      call.span.end();
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(telemetry.failures(), ROLE_SELECTOR, t);
    }
  }

  // ---- shared -----------------------------------------------------------------------------

  static long tokens(Integer count) {
    return count == null ? -1 : count.longValue();
  }

  /**
   * Spring AI's usage, with the cache and reasoning tokens of the provider's own usage object
   * ({@code getNativeUsage()}), read by name ({@link UsageDetails}); NONE without usage.
   */
  static TokenUsage usage(Usage usage) {
    if (usage == null) {
      return TokenUsage.NONE;
    }
    return UsageDetails.read(tokens(usage.getPromptTokens()), tokens(usage.getCompletionTokens()),
        usage.getNativeUsage());
  }

  /**
   * The rate limits Spring AI read from the provider's headers; an {@code EmptyRateLimit} (every
   * value 0: nothing was read) is not a report of zero headroom.
   */
  static void rateLimits(ProviderCall call, RateLimit limits) {
    if (limits == null || limits instanceof EmptyRateLimit) {
      return;
    }
    call.rateLimits(count(limits.getRequestsLimit()), count(limits.getRequestsRemaining()),
        count(limits.getTokensLimit()), count(limits.getTokensRemaining()));
  }

  private static long count(Long value) {
    return value == null ? -1 : value;
  }

  static void setResponseModel(Span span, String model) {
    if (model != null && !model.isEmpty()) {
      span.setAttribute(Recorders.GENAI_RESPONSE_MODEL, model);
    }
  }

  /**
   * The finish reasons of a response's generations, lower case as the GenAI convention spells
   * them (Spring AI's OpenAI client reports the enum names, {@code STOP}), added to {@code into}
   * (a new list when null); null when there are none.
   */
  static List<String> finishReasons(ChatResponse response, List<String> into) {
    List<Generation> generations = response.getResults();
    if (generations == null) {
      return into;
    }
    List<String> reasons = into;
    for (Generation generation : generations) {
      ChatGenerationMetadata metadata = generation == null ? null : generation.getMetadata();
      String reason = metadata == null ? null : metadata.getFinishReason();
      if (reason != null && !reason.isEmpty()) {
        String lower = reason.toLowerCase(Locale.ROOT);
        if (reasons == null) {
          reasons = new ArrayList<>(2);
        }
        if (!reasons.contains(lower)) {
          reasons.add(lower);
        }
      }
    }
    return reasons;
  }

  static String outputText(ChatResponse response) {
    Generation generation = response.getResult();
    AssistantMessage output = generation == null ? null : generation.getOutput();
    return output == null ? null : output.getText();
  }

  String truncate(String text) {
    if (text == null) {
      return "";
    }
    int max = telemetry.config().contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max);
  }
}
