package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * 2.x's per-request stream of a streamable HTTP session, whose {@code handle(request)} the servlet
 * transport calls (1.x calls the session's {@code responseStream(request, transport)}, and in 2.x
 * that one delegates here: the module observes the Mono once).
 */
final class SessionStreamInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(
        "io.modelcontextprotocol.spec.McpStreamableServerSession$McpStreamableServerSessionStream");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("handle")).and(takesArguments(1)),
        ServerAdvice.REQUEST);
  }
}
