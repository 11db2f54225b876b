package ai.victor.otel.instrumentation.langchain4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j 1.x (1.0.0 and later; tested with 1.0.0 and 1.19.0): provider calls beneath {@code
 * ChatModel.chat} and {@code StreamingChatModel.chat}, tool executions, tool providers and AI
 * service invocations, recorded into the same catalog series and GenAI spans as configured
 * classes. Switch off with {@code otel.instrumentation.victor-langchain4j.enabled=false}.
 *
 * <p>{@code ChatModel} and {@code ModelProvider} exist only from 1.0 on (0.x had {@code
 * ChatLanguageModel}), so the module does not apply to 0.x, whose API differs.
 */
@AutoService(InstrumentationModule.class)
public class LangChain4jInstrumentationModule extends InstrumentationModule {
  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";

  public LangChain4jInstrumentationModule() {
    super("victor-langchain4j", "victor-langchain4j-1.0");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(CHAT_MODEL, "dev.langchain4j.model.ModelProvider");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public boolean isHelperClass(String className) {
    return className.startsWith("ai.victor.otel.core.")
        || className.startsWith(HelperClasses.CALLS);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ChatModelInstrumentation(),
        new StreamingChatModelInstrumentation(),
        new StreamingHandlerInstrumentation(),
        new ToolExecutorInstrumentation(),
        new DefaultToolExecutorInstrumentation(),
        new ToolProviderInstrumentation(),
        new ToolSearchInstrumentation(),
        new AiServiceInstrumentation(),
        new TokenStreamInstrumentation(),
        new HttpClientInstrumentation(),
        new ServerSentEventListenerInstrumentation());
  }
}
