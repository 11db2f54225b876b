package ai.victor.otel.instrumentation.springai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI, 1.0.0 and later (tested with 1.0.0 and 2.0.1): every {@code ChatModel.call(Prompt)}
 * and {@code StreamingChatModel.stream(Prompt)} is a provider call, every {@code
 * ToolCallback.call} (method, function and MCP tools alike) a tool execution, every {@code
 * ToolCallingManager.resolveToolDefinitions} a tool selection, every {@code ChatClient} call an
 * agent invocation, and the Spring HTTP requests inside a provider call its attempts (retries,
 * server, rate-limit headers). They feed the same catalog series and GenAI spans as configured
 * classes in those roles, with no configuration.
 *
 * <p>The class-loader guard names {@code ToolCallingManager} and {@code ToolCallingChatOptions},
 * which Spring AI introduced with the tool-calling API of the 1.0 line; the older milestones'
 * function-callback API is not instrumented. Switch off with {@code
 * otel.instrumentation.victor-spring-ai.enabled=false}.
 */
@AutoService(InstrumentationModule.class)
public class SpringAiInstrumentationModule extends InstrumentationModule {

  public SpringAiInstrumentationModule() {
    super("victor-spring-ai");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("org.springframework.ai.model.tool.ToolCallingManager",
        "org.springframework.ai.model.tool.ToolCallingChatOptions");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ChatModelInstrumentation(), new StreamingChatModelInstrumentation(),
        new ToolCallbackInstrumentation(), new ToolCallingManagerInstrumentation(),
        new ChatClientInstrumentation(), new ClientHttpRequestInstrumentation());
  }
}
