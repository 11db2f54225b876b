package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.core.recording.Breaker;
import ai.victor.otel.instrumentation.sdk.Reader;
import ai.victor.otel.instrumentation.sdk.SdkCall;
import ai.victor.otel.instrumentation.sdk.StainlessGuard;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import java.util.List;

/**
 * What the OpenAI advice calls ({@link #GUARD}): the OpenAI SDK's side of a {@link
 * StainlessGuard}, its request, response and stream types.
 */
public final class OpenAiGuard extends StainlessGuard {
  public static final OpenAiGuard GUARD = new OpenAiGuard();

  private OpenAiGuard() {
    super(new Breaker("victor-openai-java", "docs/libraries/openai-java.md"), "openai");
  }

  @Override
  protected Reader reader() {
    return new OpenAiReader();
  }

  @Override
  protected String model(Object params) {
    return OpenAiReader.model(params);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  protected Object observe(Object stream, SdkCall call) {
    if (stream instanceof StreamResponse) {
      return new OpenAiStream((StreamResponse) stream, call);
    }
    if (stream instanceof AsyncStreamResponse) {
      return new OpenAiAsyncStream((AsyncStreamResponse) stream, call);
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
