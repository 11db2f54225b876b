package ai.victor.otel.instrumentation.langchain4j;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static ai.victor.otel.instrumentation.testing.Exported.histogramCount;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.fake.openai.Reply;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code StreamingChatModel.chat}: the call ends when the stream does, on the stream's thread. */
class StreamingChatModelTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  /** How long the fake provider holds back a "slow" model's stream. */
  private static final long SLOW_MILLIS = 400;
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeOpenAiServer.start(0, SLOW_MILLIS);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  /** Completes a future on completion or failure, remembering the thread it ran on. */
  private static final class Collector implements StreamingChatResponseHandler {
    final StringBuilder partials = new StringBuilder();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    volatile Thread completedOn;
    volatile long completedAtEpochNanos;

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.append(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      completedOn = Thread.currentThread();
      completedAtEpochNanos = System.currentTimeMillis() * 1_000_000L;
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      completedOn = Thread.currentThread();
      done.completeExceptionally(error);
    }
  }

  @Test
  void spanEndsWhenTheStreamCompletesWithItsUsage() throws Exception {
    // a "slow" model: the provider holds the stream back, so chat returns long before it ends
    StreamingChatModel model = Models.streaming(server, "gpt-stream-slow");
    int before = server.exchanges().size();
    Collector collector = new Collector();

    model.chat("stream this please", collector);
    long returnedAt = System.currentTimeMillis() * 1_000_000L;
    ChatResponse response = collector.done.get(10, TimeUnit.SECONDS);

    assertThat(collector.partials.toString()).isEqualTo("Echo: stream this please");
    assertThat(response.aiMessage().text()).isEqualTo("Echo: stream this please");
    assertThat(collector.completedOn).isNotSameAs(Thread.currentThread());
    assertThat(collector.completedAtEpochNanos - returnedAt).isGreaterThan(
        TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS / 2));
    Reply reply = server.exchanges().get(before).reply();
    assertThat(server.exchanges().get(before).stream()).isTrue();

    SpanData chat = Spans.single(Spans.oneTrace(testing), "chat gpt-stream-slow");
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    // ended by the completion on the stream's thread, not when chat returned
    assertThat(chat.getEndEpochNanos()).isGreaterThan(returnedAt);
    assertThat(chat.getEndEpochNanos() - chat.getStartEpochNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS));
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(reply.promptTokens());
    assertThat(chat.getAttributes().get(longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(reply.completionTokens());
    assertThat(chat.getAttributes().get(stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(Exported.histogramSum(testing, "victor.provider.latency_ms",
        attributes("provider", "openai", "model", "gpt-stream-slow")))
        .isGreaterThanOrEqualTo(SLOW_MILLIS);
    assertThat(histogramCount(testing, "victor.provider.latency_ms",
        attributes("provider", "openai", "model", "gpt-stream-slow"))).isEqualTo(1);
    assertThat(counter(testing, "victor.provider.tokens", attributes("provider", "openai",
        "model", "gpt-stream-slow", "token_type", "output"))).isEqualTo(reply.completionTokens());
  }

  @Test
  void failedStreamEndsTheSpanAsAnError() throws Exception {
    StreamingChatModel model = Models.streaming(server, "gpt-stream-server-error");
    Collector collector = new Collector();

    model.chat("this fails", collector);
    Throwable failure = collector.done.handle((r, e) -> e).get(10, TimeUnit.SECONDS);

    assertThat(failure).isNotNull();
    List<SpanData> trace = Spans.oneTrace(testing);
    SpanData chat = Spans.single(trace, "chat gpt-stream-server-error");
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(chat.getAttributes().get(stringKey("error.type"))).isEqualTo("server");
    assertThat(counter(testing, "victor.provider.errors", attributes("provider", "openai",
        "model", "gpt-stream-server-error", "error_type", "server"))).isEqualTo(1);
  }
}
