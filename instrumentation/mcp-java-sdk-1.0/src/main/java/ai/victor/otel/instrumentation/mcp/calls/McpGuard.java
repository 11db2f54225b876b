package ai.victor.otel.instrumentation.mcp.calls;

import ai.victor.otel.core.recording.Breaker;

/**
 * What the advice calls: each entry point of the module's helpers behind the module's {@link
 * Breaker}. An MCP SDK whose API differs from the one this module was built for fails when a
 * helper links or runs: a {@link LinkageError}, caught here or in the helpers, switches the module
 * off with one WARNING. Only {@code Object}s cross this class, so it links whatever SDK is there;
 * every method returns what the SDK gave it when it records nothing.
 */
public final class McpGuard {
  static final String ROLE = "mcp";
  static final Breaker BREAKER = new Breaker("victor-mcp", "docs/libraries/mcp.md");

  private McpGuard() {}

  public static void clientOpened(Object session, Object transport) {
    if (!BREAKER.isOpen()) {
      try {
        ClientCalls.instance().opened(session, transport);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  /** The Mono of a stdio transport's connection: observed for a failure to start, or as it was. */
  public static Object clientConnecting(Object transport, Object result) {
    if (BREAKER.isOpen()) {
      return result;
    }
    try {
      return ClientCalls.instance().connecting(transport, result);
    } catch (LinkageError e) {
      BREAKER.trip(ROLE, e);
      return result;
    }
  }

  public static void clientClosed(Object session) {
    if (!BREAKER.isOpen()) {
      try {
        ClientCalls.instance().closed(session);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  /** The Mono to return from {@code sendRequest}: {@code result} observed, or as it was. */
  public static Object clientRequest(Object session, String method, Object params,
      Object result) {
    if (BREAKER.isOpen()) {
      return result;
    }
    try {
      return ClientCalls.instance().request(session, method, params, result);
    } catch (LinkageError e) {
      BREAKER.trip(ROLE, e);
      return result;
    }
  }

  /** The params a request being built should carry: with the trace context, or as they were. */
  public static Object requestCreated(String method, Object id, Object params) {
    if (BREAKER.isOpen()) {
      return params;
    }
    try {
      return ClientCalls.instance().created(method, id, params);
    } catch (LinkageError e) {
      BREAKER.trip(ROLE, e);
      return params;
    }
  }

  public static void responseCreated(Object id, Object result, Object error) {
    if (!BREAKER.isOpen()) {
      try {
        ServerCalls.instance().answered(id, result, error);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  public static void serverOpened(Object session, Object transport, String id) {
    if (!BREAKER.isOpen()) {
      try {
        ServerCalls.instance().opened(session, transport, id);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  public static void serverSessionStarted(Object init, Object request) {
    if (!BREAKER.isOpen()) {
      try {
        ServerCalls.instance().started(init, request);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  public static void serverStreamOpened(Object session, Object stream) {
    if (!BREAKER.isOpen()) {
      try {
        ServerCalls.instance().streamOpened(session, stream);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  public static void serverClosed(Object session) {
    if (!BREAKER.isOpen()) {
      try {
        ServerCalls.instance().closed(session);
      } catch (LinkageError e) {
        BREAKER.trip(ROLE, e);
      }
    }
  }

  /** The Mono to return from a server's handling of one request: observed, or as it was. */
  public static Object serverRequest(Object session, Object request, Object result) {
    if (BREAKER.isOpen()) {
      return result;
    }
    try {
      return ServerCalls.instance().request(session, request, result);
    } catch (LinkageError e) {
      BREAKER.trip(ROLE, e);
      return result;
    }
  }
}
