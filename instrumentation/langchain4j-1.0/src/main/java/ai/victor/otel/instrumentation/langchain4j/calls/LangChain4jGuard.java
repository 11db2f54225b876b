package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.recording.Breaker;
import io.opentelemetry.context.Scope;

/**
 * What the advice calls: each entry point of the module's helpers behind the module's {@link
 * Breaker}. A LangChain4j whose API differs from the one this module was built for fails when a
 * helper links (a class gone) or runs (a method gone): either way a {@link LinkageError}, caught
 * here or in the helpers, switches the module off with one WARNING. Only {@code Object}s cross
 * this class, so it links whatever LangChain4j is there.
 */
public final class LangChain4jGuard {
  static final Breaker BREAKER =
      new Breaker("victor-langchain4j", "docs/libraries/langchain4j.md");
  /**
   * The HTTP part (langchain4j-http-client, a separate artifact with its own API) stands down on
   * its own: without it calls lose their retries, server and rate limits, nothing else.
   */
  static final Breaker HTTP_BREAKER =
      new Breaker("victor-langchain4j (HTTP layer)", "docs/libraries/langchain4j.md");

  private LangChain4jGuard() {}

  public static Object agentEnter(Object method, Object[] args) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return AgentCalls.instance().enter(method, args);
    } catch (LinkageError e) {
      return BREAKER.trip("agent", e);
    }
  }

  public static void agentExit(Object invocation, Object returned, Throwable thrown) {
    if (invocation != null) {
      try {
        AgentCalls.instance().exit(invocation, returned, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("agent", e);
      }
    }
  }

  public static Scope tokenStreamStarting(Object stream) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return AgentCalls.instance().streamStarting(stream);
    } catch (LinkageError e) {
      BREAKER.trip("agent", e);
      return null;
    }
  }

  public static void tokenStreamStarted(Object stream, Scope scope, Throwable thrown) {
    try {
      AgentCalls.instance().streamStarted(stream, scope, thrown);
    } catch (LinkageError e) {
      BREAKER.trip("agent", e);
    }
  }

  /** The handler to register instead of the application's, or null to keep it. */
  public static Object tokenStreamHandler(Object stream, Object handler, boolean error) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return AgentCalls.instance().streamHandler(stream, handler, error);
    } catch (LinkageError e) {
      return BREAKER.trip("agent", e);
    }
  }

  public static Object chatEnter(Object model, Object request) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatCalls.instance().enter(model, request);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  public static void chatExit(Object call, Object response, Throwable thrown) {
    if (call != null) {
      try {
        ChatCalls.instance().exit(call, response, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("provider", e);
      }
    }
  }

  public static Object streamEnter(Object model, Object request, Object handler) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatCalls.instance().enterStreaming(model, request, handler);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  public static void streamExit(Object call, Object handler, Throwable thrown) {
    if (call != null) {
      try {
        ChatCalls.instance().exitStreaming(call, handler, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("provider", e);
      }
    }
  }

  /** A streaming handler's completion; the scope to close after it, or null. */
  public static Scope streamCompleted(Object handler, Object response) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatCalls.instance().completed(handler, response);
    } catch (LinkageError e) {
      BREAKER.trip("provider", e);
      return null;
    }
  }

  public static Scope streamFailed(Object handler, Throwable error) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatCalls.instance().failed(handler, error);
    } catch (LinkageError e) {
      BREAKER.trip("provider", e);
      return null;
    }
  }

  /** A chunk of a stream: a handler's partial-response method; a token for the exit, or null. */
  public static Object partialEnter(Object handler) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatCalls.instance().partialEnter(handler);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  public static void partialExit(Object token) {
    if (token != null) {
      try {
        ChatCalls.instance().partialExit(token);
      } catch (LinkageError e) {
        BREAKER.trip("provider", e);
      }
    }
  }

  public static Object httpEnter(Object request, Object listener) {
    if (BREAKER.isOpen() || HTTP_BREAKER.isOpen()) {
      return null;
    }
    try {
      return HttpAttempts.instance().enter(request, listener);
    } catch (LinkageError e) {
      return HTTP_BREAKER.trip("provider", e);
    } catch (Throwable t) {
      failed(t);
      return null;
    }
  }

  public static void httpExit(Object call, Object response) {
    if (call != null) {
      try {
        HttpAttempts.instance().exit(call, response);
      } catch (LinkageError e) {
        HTTP_BREAKER.trip("provider", e);
      } catch (Throwable t) {
        failed(t);
      }
    }
  }

  public static void streamOpened(Object listener, Object response) {
    if (BREAKER.isOpen() || HTTP_BREAKER.isOpen()) {
      return;
    }
    try {
      HttpAttempts.instance().opened(listener, response);
    } catch (LinkageError e) {
      HTTP_BREAKER.trip("provider", e);
    } catch (Throwable t) {
      failed(t);
    }
  }

  private static void failed(Throwable t) {
    try {
      ai.victor.otel.core.recording.Telemetry.get().failures().record("provider", t);
    } catch (Throwable ignored) {
      // never into the application
    }
  }

  public static Object toolEnter(Object executor, Object request) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ToolExecutions.instance().enter(executor, request);
    } catch (LinkageError e) {
      return BREAKER.trip("tool", e);
    }
  }

  public static void toolExit(Object call, Object result, Throwable thrown) {
    if (call != null) {
      try {
        ToolExecutions.instance().exit(call, result, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("tool", e);
      }
    }
  }

  public static void toolMethodThrew(Object executor, Throwable thrown) {
    if (!BREAKER.isOpen()) {
      try {
        ToolExecutions.instance().toolMethodThrew(executor, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("tool", e);
      }
    }
  }

  public static Object selectionEnter(Object provider) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return ToolSelections.instance().enter(provider);
    } catch (LinkageError e) {
      return BREAKER.trip("selector", e);
    }
  }

  public static void selectionExit(Object selection, Object result, Throwable thrown) {
    if (selection != null) {
      try {
        ToolSelections.instance().exit(selection, result, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("selector", e);
      }
    }
  }
}
