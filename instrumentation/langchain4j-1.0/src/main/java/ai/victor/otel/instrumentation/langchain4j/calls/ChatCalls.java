package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Collections;
import java.util.Locale;

/**
 * Provider calls of LangChain4j chat models, recorded from {@code doChat}: the method beneath
 * {@code ChatModel.chat} / {@code StreamingChatModel.chat} that the provider implements, after
 * the default request parameters are merged in and the {@code ChatModelListener}s were told of the
 * request. One call is one logical request: LangChain4j's providers retry inside {@code doChat},
 * so the span and the latency cover every attempt and the error is the last attempt's (each
 * attempt is an HTTP client span of the agent's own HTTP instrumentation, beneath this one).
 *
 * <p>A {@code doChat} running inside another on the same thread is a model delegating to another
 * model; only the outer one is recorded, so one request is counted once.
 */
public final class ChatCalls {
  private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey(
      "gen_ai.response.id");
  private static final String ROLE = Role.PROVIDER.key();
  private static volatile ChatCalls global;

  private final Telemetry telemetry;
  private final WeakIdentityMap<ModelBinding> models = new WeakIdentityMap<>();
  private final ThreadLocal<ChatCall> current = new ThreadLocal<>();
  private final PendingStreams pending = new PendingStreams();

  ChatCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  public static ChatCalls instance() {
    ChatCalls calls = global;
    if (calls == null) {
      synchronized (ChatCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ChatCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  /** Enter advice of {@code ChatModel.doChat}: the call to pass to {@link #exit}, or null. */
  public Object enter(Object model, Object request) {
    try {
      if (current.get() != null || !(request instanceof ChatRequest)) {
        return null;
      }
      ModelBinding binding = models.computeIfAbsent(model, ChatCalls::bindSync);
      ChatCall call = start(binding, (ChatRequest) request);
      current.set(call);
      return call;
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
      return null;
    }
  }

  /** Exit advice of {@code ChatModel.doChat}; never throws. */
  public void exit(Object started, Object response, Throwable thrown) {
    if (!(started instanceof ChatCall)) {
      return;
    }
    ChatCall call = (ChatCall) started;
    try {
      current.remove();
      call.scope.close();
      if (call.claimEnd()) {
        end(call, response, thrown);
      }
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
    }
  }

  /**
   * Enter advice of {@code StreamingChatModel.doChat}: starts the call and registers its handler,
   * whose completion or failure ends it ({@link #completed}, {@link #failed}).
   */
  public Object enterStreaming(Object model, Object request, Object handler) {
    try {
      if (current.get() != null || !(request instanceof ChatRequest) || handler == null) {
        return null;
      }
      ModelBinding binding = models.computeIfAbsent(model, ChatCalls::bindStreaming);
      ChatCall call = start(binding, (ChatRequest) request);
      if (!pending.put(handler, call)) {
        call.scope.close();
        call.claimEnd();
        call.span.end();
        return null;
      }
      current.set(call);
      return call;
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
      return null;
    }
  }

  /**
   * Exit advice of {@code StreamingChatModel.doChat}: the stream usually goes on after this; only a
   * {@code doChat} that throws ends the call here.
   */
  public void exitStreaming(Object started, Object handler, Throwable thrown) {
    if (!(started instanceof ChatCall)) {
      return;
    }
    ChatCall call = (ChatCall) started;
    try {
      current.remove();
      call.scope.close();
      if (thrown != null && call.claimEnd()) {
        pending.remove(handler);
        end(call, null, thrown);
      }
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
    }
  }

  /**
   * Enter advice of a handler's {@code onCompleteResponse}: ends the stream's call if this handler
   * is the one a {@code doChat} was given, and returns a scope restoring the context the call
   * started in (so work the handler does next, such as the AI service's next tool call, is a
   * sibling of this chat span rather than its child), or null.
   */
  public Scope completed(Object handler, Object response) {
    return finish(handler, response, null);
  }

  /** Enter advice of a handler's {@code onError}: as {@link #completed}, for a failed stream. */
  public Scope failed(Object handler, Throwable error) {
    return finish(handler, null, error == null ? new IllegalStateException("stream failed")
        : error);
  }

  private Scope finish(Object handler, Object response, Throwable error) {
    try {
      ChatCall call = pending.remove(handler);
      if (call == null || !call.claimEnd()) {
        return null;
      }
      if (current.get() == call) {
        // The stream ended inside its own doChat (a fast answer delivered inline): what the
        // handler does next, such as the next model call of a tool loop, is not nested in it.
        current.remove();
      }
      end(call, response, error);
      return call.parentContext.makeCurrent();
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), ROLE, t);
      return null;
    }
  }

  private ChatCall start(ModelBinding binding, ChatRequest request) {
    ChatRequestParameters parameters = request.parameters();
    String model = parameters == null ? null : parameters.modelName();
    ProviderRecorder recorder = binding.recorder(model == null ? binding.defaultModel : model,
        this);
    Context parent = Context.current();
    Span span = recorder.start(parent);
    String input = Content.of(telemetry.config(), request.messages());
    if (input != null) {
      span.setAttribute(Recorders.GENAI_INPUT_MESSAGES, input);
    }
    return new ChatCall(recorder, parent, span,
        ProviderRecorder.context(parent, span).makeCurrent(),
        System.nanoTime());
  }

  private void end(ChatCall call, Object result, Throwable thrown) {
    long nanos = System.nanoTime() - call.startNanos;
    Span span = call.span;
    long input = -1;
    long output = -1;
    if (thrown == null && result instanceof ChatResponse) {
      ChatResponse response = (ChatResponse) result;
      TokenUsage usage = response.tokenUsage();
      if (usage != null) {
        input = count(usage.inputTokenCount());
        output = count(usage.outputTokenCount());
      }
      String responseModel = response.modelName();
      if (responseModel != null) {
        span.setAttribute(Recorders.GENAI_RESPONSE_MODEL, responseModel);
      }
      String id = response.id();
      if (id != null) {
        span.setAttribute(RESPONSE_ID, id);
      }
      FinishReason finishReason = response.finishReason();
      if (finishReason != null) {
        span.setAttribute(Recorders.GENAI_FINISH_REASONS,
            Collections.singletonList(finishReasonName(finishReason)));
      }
      String completion = Content.of(telemetry.config(), response.aiMessage());
      if (completion != null) {
        span.setAttribute(Recorders.GENAI_OUTPUT_MESSAGES, completion);
      }
    }
    String errorType = thrown == null ? null : ErrorClassifier.classify(thrown);
    call.recorder.end(span, nanos, errorType, thrown, input, output);
  }

  private static long count(Integer tokens) {
    return tokens == null ? -1 : tokens;
  }

  /**
   * The semantic conventions' finish reasons are OpenAI's lower-case names. Switched on the name,
   * not the constant, because the enum may gain or lose constants between releases.
   */
  private static String finishReasonName(FinishReason reason) {
    String name = reason.name();
    switch (name) {
      case "STOP":
        return "stop";
      case "LENGTH":
        return "length";
      case "TOOL_EXECUTION":
        return "tool_calls";
      case "CONTENT_FILTER":
        return "content_filter";
      default:
        return name.toLowerCase(Locale.ROOT);
    }
  }

  private static ModelBinding bindSync(Object model) {
    ChatModel chatModel = (ChatModel) model;
    ChatRequestParameters defaults = chatModel.defaultRequestParameters();
    return new ModelBinding(ProviderNames.of(chatModel.provider()),
        defaults == null ? null : defaults.modelName());
  }

  private static ModelBinding bindStreaming(Object model) {
    StreamingChatModel chatModel = (StreamingChatModel) model;
    ChatRequestParameters defaults = chatModel.defaultRequestParameters();
    return new ModelBinding(ProviderNames.of(chatModel.provider()),
        defaults == null ? null : defaults.modelName());
  }

  /**
   * What one model instance resolves once: its provider name, and the recorder of the model name
   * it was last called with, so that the usual call (same model as last time) costs a reference
   * comparison instead of a lookup.
   */
  static final class ModelBinding {
    final String provider;
    final String defaultModel;
    private volatile Last last;

    ModelBinding(String provider, String defaultModel) {
      this.provider = provider;
      this.defaultModel = defaultModel;
    }

    ProviderRecorder recorder(String model, ChatCalls calls) {
      String name = model == null ? Labels.UNKNOWN : model;
      Last known = last;
      if (known != null && (known.model == name || known.model.equals(name))) {
        return known.recorder;
      }
      ProviderRecorder recorder = calls.telemetry.providerRecorder(provider, name);
      last = new Last(name, recorder);
      return recorder;
    }
  }

  private static final class Last {
    final String model;
    final ProviderRecorder recorder;

    Last(String model, ProviderRecorder recorder) {
      this.model = model;
      this.recorder = recorder;
    }
  }
}
