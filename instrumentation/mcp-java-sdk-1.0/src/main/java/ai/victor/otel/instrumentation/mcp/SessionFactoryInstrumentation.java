package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The SDK's factory of streamable HTTP sessions, which the transport calls with the client's
 * {@code InitializeRequest}: the only place that session learns the protocol version, which its
 * requests' spans then carry.
 */
final class SessionFactoryInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(isMethod().and(named("startSession")).and(takesArguments(1)),
        SessionFactoryInstrumentation.class.getName() + "$StartAdvice");
  }

  @SuppressWarnings("unused")
  public static final class StartAdvice {
    private StartAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(0) Object request,
        @Advice.Return Object init) {
      McpGuard.serverSessionStarted(init, request);
    }
  }
}
