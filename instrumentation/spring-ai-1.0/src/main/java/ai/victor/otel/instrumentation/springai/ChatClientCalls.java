package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.AgentInvocation;
import ai.victor.otel.core.recording.Recorders.AgentRecorder;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.ai.chat.client.ChatClientRequest;
import reactor.core.publisher.Flux;

/**
 * Spring AI {@code ChatClient} calls as agent invocations ({@code invoke_agent ChatClient}): the
 * advisors, the model calls and the tool loop of one {@code .call()} or {@code .stream()} nest in
 * it and are counted per invocation. The conversation is the chat-memory advisor parameter
 * ({@code ChatMemory.CONVERSATION_ID}); an application can name the agent with the advisor
 * parameter {@code gen_ai.agent.name}, which is otherwise {@code ChatClient}.
 */
final class ChatClientCalls {
  static final String AGENT_NAME = "gen_ai.agent.name";
  /** {@code ChatMemory.CONVERSATION_ID}, by value: the same in Spring AI 1.0 to 2.0. */
  static final String CONVERSATION_ID = "chat_memory_conversation_id";
  private static final String DEFAULT_NAME = "ChatClient";
  private static volatile ChatClientCalls global;

  private final Telemetry telemetry;
  private final AgentRecorder unnamed;
  /** The invocation of the call in progress on this thread: inner overloads are part of it. */
  private final ThreadLocal<AgentInvocation> inCall = new ThreadLocal<>();

  ChatClientCalls(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.unnamed = telemetry.agentRecorder(DEFAULT_NAME);
  }

  static ChatClientCalls instance() {
    ChatClientCalls calls = global;
    if (calls == null) {
      synchronized (ChatClientCalls.class) {
        calls = global;
        if (calls == null) {
          calls = new ChatClientCalls(Telemetry.get());
          global = calls;
        }
      }
    }
    return calls;
  }

  /** Enter advice of a call spec's response: the invocation's scope holder, or null. */
  Object callEnter(Object request) {
    if (inCall.get() != null || !(request instanceof ChatClientRequest)) {
      return null;
    }
    AgentInvocation invocation = start((ChatClientRequest) request, Context.current());
    inCall.set(invocation);
    return new ClientCall(invocation, invocation.context().makeCurrent());
  }

  void callExit(Object started, Throwable thrown) {
    if (started instanceof ClientCall) {
      ClientCall call = (ClientCall) started;
      inCall.remove();
      call.scope.close();
      call.invocation.end(thrown);
    }
  }

  /**
   * Exit advice of a stream spec's response: a Flux that starts the invocation when subscribed
   * (under the context of the call that made the stream), subscribes the original in it, and
   * ends it when the stream ends; null to keep the original.
   */
  Flux<Object> streamExit(Object request, Flux<Object> flux) {
    if (!(request instanceof ChatClientRequest) || flux == null) {
      return null;
    }
    ChatClientRequest clientRequest = (ChatClientRequest) request;
    Context parent = Context.current();
    return Flux.defer(() -> {
      AgentInvocation invocation = start(clientRequest, parent);
      Publisher<Object> inContext = subscriber -> {
        try (Scope ignored = invocation.context().makeCurrent()) {
          flux.subscribe(subscriber);
        }
      };
      return Flux.from(inContext)
          .doOnComplete(() -> invocation.end(null))
          .doOnError(invocation::end)
          .doOnCancel(invocation::cancel);
    });
  }

  private AgentInvocation start(ChatClientRequest request, Context parent) {
    Map<String, Object> context = request.context();
    Object name = context == null ? null : context.get(AGENT_NAME);
    AgentRecorder recorder = name == null ? unnamed : telemetry.agentRecorder(name.toString());
    AgentInvocation invocation = recorder.start(parent);
    if (context != null) {
      invocation.conversationId(context.get(CONVERSATION_ID));
    }
    return invocation;
  }

  private static final class ClientCall {
    final AgentInvocation invocation;
    final Scope scope;

    ClientCall(AgentInvocation invocation, Scope scope) {
      this.invocation = invocation;
      this.scope = scope;
    }
  }
}
