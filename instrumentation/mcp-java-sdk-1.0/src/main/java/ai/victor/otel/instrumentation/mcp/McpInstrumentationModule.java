package ai.victor.otel.instrumentation.mcp;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp-core}, 1.0.0 to 2.2.0; tested with both
 * ends): a CLIENT span per request a client sends and a SERVER span per request a server handles,
 * the semantic conventions' MCP metrics, the tool series for {@code tools/call}, and one trace
 * across the two processes through {@code params._meta}. Switch off with {@code
 * otel.instrumentation.victor-mcp.enabled=false}. See docs/libraries/mcp.md.
 *
 * <p>{@code McpSchema$JSONRPCRequest} with an id that must be set, the session classes and the
 * {@code io.modelcontextprotocol.json} package exist from 1.0 on; the 0.x releases differ and are
 * left alone.
 */
@AutoService(InstrumentationModule.class)
public class McpInstrumentationModule extends InstrumentationModule {
  public McpInstrumentationModule() {
    super("victor-mcp", "victor-mcp-java-sdk-1.0");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("io.modelcontextprotocol.spec.McpSchema",
        "io.modelcontextprotocol.json.McpJsonMapper");
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
        new ClientSessionInstrumentation(),
        new StdioClientTransportInstrumentation(),
        new JsonRpcRequestInstrumentation(),
        new JsonRpcResponseInstrumentation(),
        new ServerSessionInstrumentation(),
        new StreamableServerSessionInstrumentation(),
        new SessionStreamInstrumentation(),
        new SessionFactoryInstrumentation(),
        new StatelessServerInstrumentation());
  }
}
