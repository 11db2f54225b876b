package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.Labels;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.configured.ErrorClassifier;
import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Telemetry;
import ai.victor.otel.core.recording.TokenUsage;
import ai.victor.otel.core.recording.UsageDetails;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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
  private static final String ROLE = Role.PROVIDER.key();
  private static volatile ChatCalls global;

  private final Telemetry telemetry;
  private final WeakIdentityMap<ModelBinding> models = new WeakIdentityMap<>();
  private final ThreadLocal<ChatCall> current = new ThreadLocal<>();
  /** The handler whose partial-response method is running on this thread, if any. */
  private final ThreadLocal<Object> inPartial = new ThreadLocal<>();
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
      call.call.stream(true);
      if (!pending.put(handler, call)) {
        call.scope.close();
        call.claimEnd();
        call.call.cancel();
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

  /**
   * Enter advice of a handler's {@code onPartialResponse}, {@code onPartialToolCall} or {@code
   * onPartialThinking}: a chunk of the stream of the call this handler was given, if any. Returns
   * a token for {@link #partialExit} when it counted the chunk: the newer overloads with a context
   * argument delegate to the older ones by default, and one chunk counts once.
   */
  public Object partialEnter(Object handler) {
    if (inPartial.get() != null) {
      return null;
    }
    ChatCall call = pending.get(handler);
    if (call == null) {
      return null;
    }
    inPartial.set(handler);
    call.call.chunk();
    return handler;
  }

  public void partialExit(Object token) {
    if (token != null) {
      inPartial.remove();
    }
  }

  /** The call in progress on this thread (inside its {@code doChat}), or null. */
  ChatCall current() {
    return current.get();
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
      return call.call.parentContext().makeCurrent();
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
    ProviderCall call = recorder.start(Context.current());
    String input = Content.messages(telemetry.config(), request.messages());
    if (input != null) {
      call.span().setAttribute(Recorders.GENAI_INPUT_MESSAGES, input);
    }
    return new ChatCall(call, call.context().makeCurrent(), binding);
  }

  private void end(ChatCall chat, Object result, Throwable thrown) {
    ProviderCall call = chat.call;
    TokenUsage usage = TokenUsage.NONE;
    if (thrown == null && result instanceof ChatResponse) {
      ChatResponse response = (ChatResponse) result;
      dev.langchain4j.model.output.TokenUsage tokens = response.tokenUsage();
      if (tokens != null) {
        // Provider modules report cache and reasoning tokens in TokenUsage subclasses
        // (OpenAiTokenUsage, AnthropicTokenUsage), read by name: they are not on this class path.
        usage = UsageDetails.read(count(tokens.inputTokenCount()),
            count(tokens.outputTokenCount()), tokens);
      }
      call.responseModel(response.modelName());
      call.responseId(response.id());
      FinishReason finishReason = response.finishReason();
      String reason = finishReason == null ? null : finishReasonName(finishReason);
      call.finishReason(reason);
      String completion = Content.output(telemetry.config(), response.aiMessage(), reason);
      if (completion != null) {
        call.span().setAttribute(Recorders.GENAI_OUTPUT_MESSAGES, completion);
      }
    }
    call.end(usage, thrown == null ? null : ErrorClassifier.classify(thrown), thrown);
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
    /** The server the model's requests go to, learnt from its first HTTP request; else null. */
    private volatile String serverAddress;
    private volatile long serverPort = -1;
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
      ProviderRecorder recorder = calls.telemetry.providerRecorder(provider, name, serverAddress,
          serverPort);
      last = new Last(name, recorder);
      return recorder;
    }

    boolean knowsServer() {
      return serverAddress != null;
    }

    /** The server, from now on on this model's calls (the calls in progress keep theirs). */
    void server(String address, long port) {
      serverPort = port;
      serverAddress = address;
      last = null;
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
