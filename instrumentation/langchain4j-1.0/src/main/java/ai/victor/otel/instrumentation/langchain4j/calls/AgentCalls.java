package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.bootstrap.WeakIdentityMap;
import ai.victor.otel.core.config.Role;
import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.Recorders.AgentRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * AI service invocations: LangChain4j makes no span of its own for a call to an {@code AiServices}
 * proxy, so without one the chat and tool spans of one question would be unrelated roots. Each
 * call of an AI service method is an agent invocation ({@link AgentInvocation}, the GenAI {@code
 * invoke_agent {AiServiceInterface}} span, {@code gen_ai.agent.name} the interface's simple name)
 * that counts the model and tool calls beneath it; the argument annotated {@code @MemoryId} is its
 * {@code gen_ai.conversation.id}.
 *
 * <p>A method returning a {@code TokenStream} only builds the stream: its invocation starts when
 * the stream is started ({@link #streamStarting}) and ends when the stream hands the application
 * its complete response or its error, through the handlers the application registered, which the
 * module observes ({@link #streamHandler}). {@code Object}, default and chat-memory methods never
 * reach a model and get nothing. Agentic sub-agents start their own invocations with the same core
 * recorder ({@code Telemetry.agentRecorder}), nested in this one through the context.
 */
public final class AgentCalls {
  private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";
  private static final String MEMORY_ACCESS = "dev.langchain4j.service.memory.ChatMemoryAccess";
  private static final String MEMORY_ID = "dev.langchain4j.service.MemoryId";
  private static final Agent NOT_AN_AGENT_CALL = new Agent(null, -1, false);
  private static volatile AgentCalls global;

  private final Telemetry telemetry;
  private final WeakIdentityMap<Agent> methods = new WeakIdentityMap<>();
  /** Token streams returned by an AI service method and not finished yet. */
  private final WeakIdentityMap<StreamInvocation> streams = new WeakIdentityMap<>();

  AgentCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  public static AgentCalls instance() {
    AgentCalls calls = global;
    if (calls == null) {
      synchronized (AgentCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new AgentCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  /**
   * Enter advice of the AI service proxy's invocation handler: an {@link Invocation} to end, a
   * {@link StreamInvocation} waiting for the returned token stream, or null.
   */
  public Object enter(Object method, Object[] args) {
    try {
      if (!(method instanceof Method)) {
        return null;
      }
      Agent agent = methods.computeIfAbsent(method, this::describe);
      if (agent == NOT_AN_AGENT_CALL) {
        return null;
      }
      Object memoryId = agent.memoryIdIndex >= 0 && args != null
          && agent.memoryIdIndex < args.length ? args[agent.memoryIdIndex] : null;
      if (agent.streaming) {
        return new StreamInvocation(agent, memoryId);
      }
      AgentInvocation invocation = agent.recorder.start(Context.current());
      invocation.conversationId(memoryId);
      return new Invocation(invocation, invocation.context().makeCurrent());
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.AGENT.key(), t);
      return null;
    }
  }

  /** Exit advice; never throws. */
  public void exit(Object started, Object returned, Throwable thrown) {
    try {
      if (started instanceof StreamInvocation) {
        if (thrown == null && returned != null) {
          streams.putIfAbsent(returned, (StreamInvocation) started);
        }
        return;
      }
      if (started instanceof Invocation) {
        Invocation invocation = (Invocation) started;
        invocation.scope.close();
        invocation.invocation.end(thrown);
      }
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.AGENT.key(), t);
    }
  }

  /**
   * Enter advice of {@code TokenStream.start()}: starts the invocation of a stream an AI service
   * method returned, current while {@code start} runs (the first model call nests in it, and the
   * stream's callbacks restore it); the scope to close, or null.
   */
  public Scope streamStarting(Object stream) {
    try {
      StreamInvocation pending = streams.size() == 0 ? null : streams.get(stream);
      if (pending == null || pending.invocation != null) {
        return null;
      }
      AgentInvocation invocation = pending.agent.recorder.start(Context.current());
      invocation.conversationId(pending.memoryId);
      pending.invocation = invocation;
      return invocation.context().makeCurrent();
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.AGENT.key(), t);
      return null;
    }
  }

  /** Exit advice of {@code TokenStream.start()}: a start that threw ends the invocation. */
  public void streamStarted(Object stream, Scope scope, Throwable thrown) {
    try {
      if (scope != null) {
        scope.close();
      }
      if (thrown != null) {
        streamEnded(stream, thrown);
      }
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.AGENT.key(), t);
    }
  }

  /**
   * Enter advice of {@code TokenStream.onCompleteResponse(Consumer)} and {@code onError(Consumer)}:
   * the handler to register instead, which ends the stream's invocation and then calls the
   * application's; null to keep the application's (a stream no AI service method returned).
   */
  public Object streamHandler(Object stream, Object handler, boolean error) {
    if (!(handler instanceof Consumer) || streams.size() == 0 || streams.get(stream) == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Consumer<Object> application = (Consumer<Object>) handler;
    return new StreamEnd(this, stream, application, error);
  }

  /** The stream's final response or error reached the application's handler. */
  void streamEnded(Object stream, Throwable error) {
    try {
      StreamInvocation pending = streams.remove(stream);
      if (pending != null && pending.invocation != null) {
        pending.invocation.end(error);
      }
    } catch (Throwable t) {
      LangChain4jGuard.BREAKER.failed(telemetry.failures(), Role.AGENT.key(), t);
    }
  }

  private Agent describe(Object key) {
    Method method = (Method) key;
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class || method.isDefault()
        || MEMORY_ACCESS.equals(declaring.getName())) {
      return NOT_AN_AGENT_CALL;
    }
    int memoryId = -1;
    Annotation[][] annotations = method.getParameterAnnotations();
    for (int i = 0; i < annotations.length && memoryId < 0; i++) {
      for (Annotation annotation : annotations[i]) {
        if (MEMORY_ID.equals(annotation.annotationType().getName())) {
          memoryId = i;
        }
      }
    }
    return new Agent(telemetry.agentRecorder(declaring.getSimpleName()), memoryId,
        TOKEN_STREAM.equals(method.getReturnType().getName()));
  }

  /** What one AI service method resolves once. */
  private static final class Agent {
    final AgentRecorder recorder;
    /** The position of the {@code @MemoryId} argument, or -1. */
    final int memoryIdIndex;
    /** Whether the method returns a {@code TokenStream}, which runs after it returned. */
    final boolean streaming;

    Agent(AgentRecorder recorder, int memoryIdIndex, boolean streaming) {
      this.recorder = recorder;
      this.memoryIdIndex = memoryIdIndex;
      this.streaming = streaming;
    }
  }

  private static final class Invocation {
    final AgentInvocation invocation;
    final Scope scope;

    Invocation(AgentInvocation invocation, Scope scope) {
      this.invocation = invocation;
      this.scope = scope;
    }
  }

  /** A token stream's invocation: waiting for {@code start()}, then running until it ends. */
  private static final class StreamInvocation {
    final Agent agent;
    final Object memoryId;
    volatile AgentInvocation invocation;

    StreamInvocation(Agent agent, Object memoryId) {
      this.agent = agent;
      this.memoryId = memoryId;
    }
  }
}
