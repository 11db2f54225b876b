package ai.victor.otel.instrumentation.sdk.anthropic;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.StainlessGuard;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.StreamResponse;
import java.util.List;

/**
 * What the Anthropic advice calls ({@link #GUARD}): the Anthropic SDK's side of a {@link
 * StainlessGuard}, its request, response and stream types.
 */
public final class AnthropicGuard extends StainlessGuard {
  public static final AnthropicGuard GUARD = new AnthropicGuard();

  private AnthropicGuard() {
    super(new Breaker("victor-anthropic-java", "docs/libraries/anthropic-java.md"), "anthropic");
  }

  @Override
  protected Reader reader() {
    return new AnthropicReader();
  }

  @Override
  protected String model(Object params) {
    return AnthropicReader.model(params);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  protected Object observe(Object stream, SdkCall call) {
    if (stream instanceof StreamResponse) {
      return new AnthropicStream((StreamResponse) stream, call);
    }
    if (stream instanceof AsyncStreamResponse) {
      return new AnthropicAsyncStream((AsyncStreamResponse) stream, call);
    }
    call.cancelled();
    return null;
  }

  @Override
  protected boolean isRequest(Object request) {
    return request instanceof HttpRequest;
  }

  @Override
  protected List<String> header(Object request, String name) {
    return ((HttpRequest) request).headers().values(name);
  }

  @Override
  protected String baseUrl(Object request) {
    return ((HttpRequest) request).baseUrl();
  }

  @Override
  protected Object body(Object request) {
    return ((HttpRequest) request).body();
  }

  @Override
  protected boolean isResponse(Object response) {
    return response instanceof HttpResponse;
  }

  @Override
  protected List<String> responseHeader(Object response, String name) {
    return ((HttpResponse) response).headers().values(name);
  }
}
