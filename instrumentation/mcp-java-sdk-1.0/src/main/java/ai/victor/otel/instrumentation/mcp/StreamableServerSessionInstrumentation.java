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
 * {@code McpStreamableServerSession}, the server side of streamable HTTP (the SDK's servlet
 * transport and Spring's WebMVC and WebFlux ones): one per {@code Mcp-Session-Id}. {@code
 * responseStream(request, transport)} handles one request and writes its answer to the HTTP
 * response (2.x: through the per-request stream of {@code responseStream(transport)}, see
 * {@link SessionStreamInstrumentation}); its Mono is replaced with one that records the
 * handling. {@code initialize} is
 * answered by the transport before the session exists, so it has no server span here.
 */
final class StreamableServerSessionInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.modelcontextprotocol.spec.McpStreamableServerSession");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String advice = StreamableServerSessionInstrumentation.class.getName();
    transformer.applyAdviceToMethod(isConstructor().and(takesArgument(0, String.class)),
        advice + "$OpenAdvice");
    transformer.applyAdviceToMethod(isMethod().and(named("responseStream"))
        .and(takesArguments(2)), ServerAdvice.REQUEST);
    transformer.applyAdviceToMethod(isMethod().and(named("responseStream"))
        .and(takesArguments(1)), advice + "$StreamAdvice");
    transformer.applyAdviceToMethod(isMethod().and(namedOneOf("close", "closeGracefully"))
        .and(takesArguments(0)), ServerAdvice.CLOSE);
  }

  @SuppressWarnings("unused")
  public static final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object session, @Advice.Argument(0) String id) {
      McpGuard.serverOpened(session, null, id);
    }
  }

  /** 2.x: the per-request stream whose {@code handle} answers; it belongs to this session. */
  @SuppressWarnings("unused")
  public static final class StreamAdvice {
    private StreamAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object session, @Advice.Return Object stream) {
      McpGuard.serverStreamOpened(session, stream);
    }
  }
}
