package ai.victor.otel.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.victor.otel.instrumentation.mcp.calls.McpGuard;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code McpServerSession}, the server side of stdio and of the SSE transports: one per connected
 * client. Its private {@code handleIncomingRequest} returns the Mono of the answer to one request
 * (initialize included), which this module replaces with one that records the handling.
 */
final class ServerSessionInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpServerSession");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = ServerSessionInstrumentation.class.getName();
    transformer.applyAdviceToMethod(isConstructor().and(takesArgument(2,
        named("io.modelcontextprotocol.spec.McpServerTransport"))), advice + "$OpenAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("handleIncomingRequest"))
        .and(takesArguments(2)), ServerAdvice.REQUEST);
    transformer.applyAdviceToMethod(isMethod().and(namedOneOf("close", "closeGracefully"))
        .and(takesArguments(0)), ServerAdvice.CLOSE);
  }

  @SuppressWarnings("unused")
  public static final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object session, @Advice.Argument(2) Object transport) {
      McpGuard.serverOpened(session, transport, null);
    }
  }
}
