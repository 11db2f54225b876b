package ai.victor.otel.instrumentation.sdk.anthropic;

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
 * The Anthropic Java SDK 3.x (tested with 3.0.0 and 3.16.0): messages, blocking, asynchronous
 * and streamed, as provider calls. The class-loader guard names the 3.x message services and the
 * thinking-token details the 3.x line reports. Switch off with {@code
 * otel.instrumentation.victor-anthropic-java.enabled=false}.
 */
@AutoService(InstrumentationModule.class)
public class AnthropicInstrumentationModule extends InstrumentationModule {
  private static final String PARAMS = "com.anthropic.models.messages.MessageCreateParams";

  public AnthropicInstrumentationModule() {
    super("victor-anthropic-java");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("com.anthropic.services.blocking.MessageServiceImpl",
        "com.anthropic.models.messages.OutputTokensDetails",
        "com.anthropic.core.http.AsyncStreamResponse");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ServiceInstrumentation("com.anthropic.services.blocking.MessageServiceImpl", PARAMS,
            AnthropicAdvice.class),
        new ServiceInstrumentation("com.anthropic.services.async.MessageServiceAsyncImpl",
            PARAMS, AnthropicAdvice.class),
        new HttpAttemptInstrumentation("com.anthropic.client.okhttp.OkHttpClient",
            AnthropicAdvice.class));
  }
}
