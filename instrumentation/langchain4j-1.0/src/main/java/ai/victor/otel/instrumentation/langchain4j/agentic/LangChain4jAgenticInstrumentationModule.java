package ai.victor.otel.instrumentation.langchain4j.agentic;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import ai.victor.otel.instrumentation.langchain4j.HelperClasses;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j agentic ({@code langchain4j-agentic}, 1.3.0-beta9 and later; tested with
 * 1.3.0-beta9 and 1.19.0-beta29): an {@code invoke_agent {name}} span per agent and sub-agent of
 * an agentic system, nested as the workflow nests them, parallel branches included. Shares the
 * LangChain4j module's agent invocations ({@code AgentCalls}), so an AI agent is one span, not one
 * for the agent and one for its AI service. Switch off with {@code
 * otel.instrumentation.victor-langchain4j-agentic.enabled=false}. docs/libraries/langchain4j-agentic.md.
 */
@AutoService(InstrumentationModule.class)
public class LangChain4jAgenticInstrumentationModule extends InstrumentationModule {
  static final String AGENTIC_CALLS = "ai.victor.otel.instrumentation.langchain4j.agentic.calls.";
  private static final List<String> HELPERS = helpers();

  public LangChain4jAgenticInstrumentationModule() {
    super("victor-langchain4j-agentic");
  }

  /** The agentic module's invoker, and LangChain4j 1.x's chat model (whose module it shares). */
  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(AgentInvokerInstrumentation.AGENT_INVOKER,
        "dev.langchain4j.model.chat.ChatModel");
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HELPERS;
  }

  @Override
  public boolean isHelperClass(String className) {
    return className.startsWith("ai.victor.otel.core.")
        || className.startsWith(HelperClasses.CALLS)
        || className.startsWith(AGENTIC_CALLS);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new AgentInvokerInstrumentation(), new WorkflowInstrumentation());
  }

  /** The LangChain4j module's helpers (core and its calls), then this module's own. */
  private static List<String> helpers() {
    List<String> all = new ArrayList<>(HelperClasses.NAMES);
    all.add(AGENTIC_CALLS + "AgenticAgents");
    all.add(AGENTIC_CALLS + "AgenticGuard");
    return Collections.unmodifiableList(all);
  }
}
