package ai.victor.otel.core.recording;

import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One provider call in progress, from {@link ProviderRecorder#start} to {@link #end}: the one
 * object every provider path (configured classes, LangChain4j, Spring AI, the provider SDK
 * modules) hands what it learns about the call, on whichever threads it learns it.
 *
 * <ul>
 *   <li>{@link #chunk()} for each chunk of a streamed answer (the first is the time to first
 *       chunk; the call is then a streamed one, {@code gen_ai.request.stream=true});
 *   <li>{@link #retry()} for each attempt beyond the first inside this logical call;
 *   <li>{@link #rateLimits} / {@link RateLimits#record} for the provider's rate-limit headers;
 *   <li>{@link #responseModel}, {@link #responseId}, {@link #finishReasons},
 *       {@link #conversationId}, {@link #tenant} when known;
 *   <li>{@link #end} once, with the {@link TokenUsage} and the error class, or {@link #cancel}.
 * </ul>
 *
 * <p>The calls of one stream's chunks come one after another (Reactor's and LangChain4j's handler
 * contracts), possibly on another thread than the start; {@code end} and {@code cancel} may race
 * with each other and only the first counts. Nothing here throws for a value it cannot use.
 */
public final class ProviderCall {
  static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<Long> RETRIES = AttributeKey.longKey("victor.provider.retries");
  /**
   * Marks the context of a call in progress, so that a provider SDK the call goes through (Spring
   * AI 2.x and LangChain4j's official OpenAI module are built on the OpenAI SDK) does not record
   * it again. The mark is per copy of core, that is per class loader: a framework and an SDK
   * loaded by different class loaders would both record.
   */
  private static final ContextKey<ProviderCall> IN_CALL =
      ContextKey.named("victor-provider-call");
  private static final AtomicIntegerFieldUpdater<ProviderCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ProviderCall.class, "ended");
  private static final AtomicIntegerFieldUpdater<ProviderCall> RETRY_COUNT =
      AtomicIntegerFieldUpdater.newUpdater(ProviderCall.class, "retryCount");

  /** Replaced once by {@link #server} when the path learns the server during the call. */
  volatile ProviderRecorder recorder;
  private final Context parent;
  private final Context context;
  private final Span span;
  /**
   * False when another instrumentation spans this call and records its {@code gen_ai.client.*}
   * duration and tokens (the upstream agent's OpenAI module): then only the victor series and
   * what that instrumentation does not record are ours ({@link ProviderRecorder#startSeriesOnly}).
   */
  final boolean genai;
  final long startNanos;
  private volatile int ended;
  private volatile int retryCount;
  private volatile long lastChunkNanos;
  private volatile boolean streamed;
  private volatile String responseModel;
  volatile String tenant;

  ProviderCall(ProviderRecorder recorder, Context parent, Span span, boolean genai,
      String tenant) {
    this.recorder = recorder;
    this.parent = parent;
    this.span = span;
    this.genai = genai;
    this.context = (genai ? parent.with(span) : parent).with(IN_CALL, this);
    this.tenant = tenant;
    this.startNanos = System.nanoTime();
  }

  /**
   * The provider call recorded here that {@code context} is inside ({@link #context()}), null
   * when none: an SDK beneath a framework's call records nothing, and the HTTP requests of a call
   * report its retries and rate-limit headers to it.
   */
  public static ProviderCall current(Context context) {
    return context.get(IN_CALL);
  }

  /** The call's span, for the attributes a path adds itself (content, finish reasons...). */
  public Span span() {
    return span;
  }

  /** The context the call started in (without its span). */
  public Context parentContext() {
    return parent;
  }

  /**
   * The context with the call's span (none for a series-only call), marked as inside a provider
   * call: make it current while the call runs on this thread.
   */
  public Context context() {
    return context;
  }

  /** Whether the request asked for a streamed answer ({@code gen_ai.request.stream}). */
  public void stream(boolean stream) {
    streamed = stream;
    span.setAttribute(STREAM, stream);
  }

  /**
   * A chunk of the streamed answer arrived. The first records the time to first chunk (metric
   * and {@code gen_ai.response.time_to_first_chunk}) and marks the call streamed; each later one
   * records the time since the previous ({@code gen_ai.client.operation.time_per_output_chunk}).
   */
  public void chunk() {
    if (ended != 0) {
      return;
    }
    long now = System.nanoTime();
    long last = lastChunkNanos;
    lastChunkNanos = now;
    if (last == 0) {
      double seconds = (now - startNanos) / 1e9;
      if (!streamed) {
        stream(true);
      }
      span.setAttribute(TIME_TO_FIRST_CHUNK, seconds);
      recorder.firstChunk(seconds);
    } else {
      recorder.nextChunk((now - last) / 1e9);
    }
  }

  /** One more attempt inside this logical call (a retry after a 429, a timeout...). */
  public void retry() {
    if (ended == 0) {
      RETRY_COUNT.incrementAndGet(this);
      recorder.retry();
    }
  }

  /** Retries the path counted itself (a client that reports its attempts): {@code count} more. */
  public void retries(int count) {
    for (int i = 0; i < count; i++) {
      retry();
    }
  }

  /**
   * The provider's rate limits from its response: a negative value was not reported. Sets the
   * {@code victor.provider.rate_limit.*} gauges of this provider and model.
   */
  public void rateLimits(long requestsLimit, long requestsRemaining, long tokensLimit,
      long tokensRemaining) {
    recorder.rateLimits(requestsLimit, requestsRemaining, tokensLimit, tokensRemaining);
  }

  /**
   * The server the call went to, for a path that learns it only once the request is made (from
   * the HTTP request): {@code server.address} and {@code server.port} (-1: none) on the span and,
   * from now on, on the call's GenAI metrics. Paths that know the server beforehand pass it to
   * {@code Telemetry.providerRecorder} instead, which costs nothing per call.
   */
  public void server(String address, long port) {
    if (address == null || ended != 0) {
      return;
    }
    ProviderRecorder current = recorder;
    if (current.isAt(address, port)) {
      return; // the span started with the recorder's attributes, this server's among them
    }
    span.setAttribute(Recorders.SERVER_ADDRESS, address);
    if (port > 0) {
      span.setAttribute(Recorders.SERVER_PORT, port);
    }
    recorder = current.atServer(address, port);
  }

  /** The model that answered ({@code gen_ai.response.model}, also on the GenAI metrics). */
  public void responseModel(String model) {
    if (model != null && !model.isEmpty()) {
      responseModel = model;
      span.setAttribute(Recorders.GENAI_RESPONSE_MODEL, model);
    }
  }

  public void responseId(String id) {
    if (id != null) {
      span.setAttribute(RESPONSE_ID, id);
    }
  }

  /** Why generation stopped, in the GenAI convention's lower-case names. */
  public void finishReasons(List<String> reasons) {
    if (reasons != null && !reasons.isEmpty()) {
      span.setAttribute(Recorders.GENAI_FINISH_REASONS, reasons);
    }
  }

  public void finishReason(String reason) {
    if (reason != null) {
      span.setAttribute(Recorders.GENAI_FINISH_REASONS, Collections.singletonList(reason));
    }
  }

  /** The conversation (session, thread) id: on the span only, never on a metric. */
  public void conversationId(Object id) {
    if (id != null) {
      span.setAttribute(CONVERSATION_ID, id.toString());
    }
  }

  /**
   * The tenant of this call, when the path knows it better than the baggage did (a configured
   * accessor). Used only when tenants are switched on; capped at the configured number.
   */
  public void tenant(String tenant) {
    if (tenant != null) {
      this.tenant = tenant;
    }
  }

  /**
   * Ends the call: its latency, outcome, tokens and cost. {@code errorType} is null for a success,
   * else one of {@code timeout}, {@code rate_limited}, {@code server}, {@code client}, {@code
   * other}. Only the first of {@code end} and {@link #cancel} counts; returns whether this was it.
   */
  public boolean end(TokenUsage usage, String errorType, Throwable error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    int retries = retryCount;
    if (retries > 0) {
      span.setAttribute(RETRIES, (long) retries);
    }
    recorder.end(this, System.nanoTime() - startNanos, usage == null ? TokenUsage.NONE : usage,
        errorType, error, responseModel);
    return true;
  }

  /**
   * Ends a call whose consumer cancelled it (a {@code take(n)}, a client gone): neither a success
   * nor an error, so only the span records it, marked {@code victor.cancelled}.
   */
  public boolean cancel() {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    Recorders.cancelled(span);
    return true;
  }

  /** Whether {@link #end} or {@link #cancel} already ran. */
  public boolean isEnded() {
    return ended != 0;
  }
}
