package ai.victor.otel.instrumentation.sdk.genai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Google GenAI Java SDK 2.x (tested with 2.0.0 and 2.3.0): content generation, blocking,
 * asynchronous and streamed, as provider calls ({@code gen_ai.provider.name} {@code gcp.gen_ai},
 * Gemini API and Vertex AI alike). The class-loader guard names the model services and the
 * stream type. Switch off with {@code otel.instrumentation.victor-google-genai.enabled=false}.
 */
@AutoService(InstrumentationModule.class)
public class GenAiInstrumentationModule extends InstrumentationModule {

  public GenAiInstrumentationModule() {
    super("victor-google-genai");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("com.google.genai.Models", "com.google.genai.AsyncModels",
        "com.google.genai.ResponseStream",
        "com.google.genai.types.GenerateContentResponseUsageMetadata");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ModelsInstrumentation("com.google.genai.Models"),
        new ModelsInstrumentation("com.google.genai.AsyncModels"),
        new ResponseStreamInstrumentation(), new ResponseStreamIteratorInstrumentation());
  }
}
