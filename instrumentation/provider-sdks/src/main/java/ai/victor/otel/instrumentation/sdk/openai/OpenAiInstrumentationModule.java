package ai.victor.otel.instrumentation.sdk.openai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.sdk.HttpAttemptInstrumentation;
import ai.victor.otel.instrumentation.sdk.ServiceInstrumentation;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The OpenAI Java SDK 4.x (tested with 4.0.0 and 4.105.0): chat completions and the Responses
 * API, blocking, asynchronous and streamed, as provider calls. Where the upstream agent's own
 * OpenAI module records a chat call, this one adds only the victor series (docs/decisions.md).
 * The class-loader guard names the 4.x service implementations and the Responses types. Switch
 * off with {@code otel.instrumentation.victor-openai-java.enabled=false}.
 */
@AutoService(InstrumentationModule.class)
public class OpenAiInstrumentationModule extends InstrumentationModule {
  private static final String CHAT = "com.openai.models.chat.completions.ChatCompletionCreateParams";
  private static final String RESPONSES = "com.openai.models.responses.ResponseCreateParams";

  public OpenAiInstrumentationModule() {
    super("victor-openai-java");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("com.openai.services.blocking.chat.ChatCompletionServiceImpl",
        "com.openai.services.blocking.ResponseServiceImpl",
        "com.openai.core.http.AsyncStreamResponse");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ServiceInstrumentation("com.openai.services.blocking.chat.ChatCompletionServiceImpl",
            CHAT, OpenAiAdvice.class),
        new ServiceInstrumentation(
            "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl", CHAT,
            OpenAiAdvice.class),
        new ServiceInstrumentation("com.openai.services.blocking.ResponseServiceImpl", RESPONSES,
            OpenAiAdvice.class),
        new ServiceInstrumentation("com.openai.services.async.ResponseServiceAsyncImpl",
            RESPONSES, OpenAiAdvice.class),
        new HttpAttemptInstrumentation("com.openai.client.okhttp.OkHttpClient",
            OpenAiAdvice.class),
        // Spring AI 2.x gives the SDK an OkHttp client of its own, beneath the SDK's retrying
        // client all the same: its attempts carry the retries, server and rate limits of Spring
        // AI's call (docs/decisions.md).
        new HttpAttemptInstrumentation(
            "org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient",
            OpenAiAdvice.class));
  }
}
