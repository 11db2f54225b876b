package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.ProviderCall;
import ai.victor.otel.core.recording.Recorders;
import ai.victor.otel.core.recording.TokenUsage;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.reactivestreams.Publisher;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import reactor.core.publisher.Flux;

/**
 * A streamed chat call: observes the chunks of the returned Flux and ends the call exactly once,
 * when the stream completes, fails or is cancelled, on whichever thread that happens; a
 * cancelled stream is not counted as a success. Usage is
 * taken from the last chunk that reports any (Spring AI reports it cumulatively, in the final
 * chunk when the provider sends usage at all).
 */
final class StreamingChat extends Operation {
  private final SpringAiCalls calls;
  private volatile TokenUsage usage = TokenUsage.NONE;
  private volatile String responseModel;
  private List<String> finishReasons; // guarded by this
  private StringBuilder content; // guarded by this; only when content capture is on

  StreamingChat(SpringAiCalls calls, Operation parent, ProviderCall call) {
    super(parent, call);
    this.calls = calls;
  }

  /**
   * The Flux to hand back: subscribing to it subscribes to the original with this call's span
   * current (so the HTTP request and the tool calls it causes nest under it), and its signals end
   * the call. Chunks pass through unchanged.
   */
  Flux<ChatResponse> observe(Flux<ChatResponse> flux) {
    Publisher<ChatResponse> inContext = subscriber -> {
      try (Scope ignored = context.makeCurrent()) {
        flux.subscribe(subscriber);
      }
    };
    return Flux.from(inContext)
        .doOnNext(this::chunk)
        .doOnError(this::fail)
        .doOnComplete(this::complete)
        .doOnCancel(this::cancel);
  }

  private void chunk(ChatResponse response) {
    try {
      call.chunk();
      ChatResponseMetadata metadata = response.getMetadata();
      if (metadata != null) {
        String model = metadata.getModel();
        if (model != null && !model.isEmpty()) {
          responseModel = model;
        }
        Usage tokens = metadata.getUsage();
        if (tokens != null) {
          TokenUsage reported = SpringAiCalls.usage(tokens);
          if (reported.input() > 0 || reported.output() > 0) {
            usage = reported;
          }
        }
        SpringAiCalls.rateLimits(call, metadata.getRateLimit());
      }
      boolean capture = calls.telemetry.config().captureContent();
      synchronized (this) {
        finishReasons = SpringAiCalls.finishReasons(response, finishReasons);
        if (capture) {
          String text = SpringAiCalls.outputText(response);
          if (text != null) {
            if (content == null) {
              content = new StringBuilder();
            }
            if (content.length() < calls.telemetry.config().contentMaxLength()) {
              content.append(text);
            }
          }
        }
      }
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(calls.telemetry.failures(), "provider", t);
    }
  }

  void fail(Throwable error) {
    try {
      call.end(TokenUsage.NONE, error == null ? "other" : SpringAiErrors.classify(error), error);
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(calls.telemetry.failures(), "provider", t);
    }
  }

  /**
   * The subscriber cancelled (a {@code take(n)}, a client gone): neither a success nor a provider
   * error, so only the span records it, marked {@code victor.cancelled}.
   */
  private void cancel() {
    try {
      call.cancel();
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(calls.telemetry.failures(), "provider", t);
    }
  }

  private void complete() {
    if (call.isEnded()) {
      return;
    }
    try {
      call.responseModel(responseModel);
      synchronized (this) {
        call.finishReasons(finishReasons);
        if (content != null) {
          call.span().setAttribute(Recorders.GENAI_OUTPUT_MESSAGES, Messages.output(content,
              finishReasons == null ? null : finishReasons.get(0),
              calls.telemetry.config().contentMaxLength()));
        }
      }
      call.end(usage, null, null);
    } catch (Throwable t) {
      SpringAiGuard.BREAKER.failed(calls.telemetry.failures(), "provider", t);
    }
  }
}
