package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.recording.Breaker;
import java.util.List;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * What the advice calls: each entry point of {@link SpringAiCalls} behind the module's {@link
 * Breaker}. A Spring AI whose API differs from the one this module was built for fails when
 * {@code SpringAiCalls} links (a class gone) or runs (a method gone): either way a {@link
 * LinkageError}, caught here or in {@code SpringAiCalls}, switches the module off with one
 * WARNING. Casts to Spring AI types happen only inside the guarded calls, so this class links
 * whatever Spring AI is there.
 */
public final class SpringAiGuard {
  static final Breaker BREAKER = new Breaker("victor-spring-ai", "docs/libraries/spring-ai.md");
  /**
   * The parts on other artifacts (spring-ai-client-chat's ChatClient, spring-web's HTTP
   * requests) stand down on their own: without them calls lose their invocation or their
   * retries, server and rate limits, nothing else.
   */
  static final Breaker CLIENT_BREAKER =
      new Breaker("victor-spring-ai (ChatClient)", "docs/libraries/spring-ai.md");
  static final Breaker HTTP_BREAKER =
      new Breaker("victor-spring-ai (HTTP requests)", "docs/libraries/spring-ai.md");

  private SpringAiGuard() {}

  public static Object chatEnter(Object model, Object prompt) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return SpringAiCalls.instance().chatEnter(model, (Prompt) prompt);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  public static void chatExit(Object call, Object response, Throwable thrown) {
    if (call != null) {
      try {
        SpringAiCalls.instance().chatExit(call, (ChatResponse) response, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("provider", e);
      }
    }
  }

  public static Object streamEnter(Object model, Object prompt) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return SpringAiCalls.instance().streamEnter(model, (Prompt) prompt);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  /** The observing Flux to return instead of {@code flux}, or null to keep it. */
  @SuppressWarnings("unchecked")
  public static Object streamExit(Object call, Object flux, Throwable thrown) {
    if (call == null) {
      return null;
    }
    try {
      return SpringAiCalls.instance().streamExit(call, (Flux<ChatResponse>) flux, thrown);
    } catch (LinkageError e) {
      return BREAKER.trip("provider", e);
    }
  }

  public static Object toolEnter(Object callback, String input) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return SpringAiCalls.instance().toolEnter(callback, input);
    } catch (LinkageError e) {
      return BREAKER.trip("tool", e);
    }
  }

  public static void toolExit(Object call, String result, Throwable thrown) {
    if (call != null) {
      try {
        SpringAiCalls.instance().toolExit(call, result, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("tool", e);
      }
    }
  }

  public static Object selectionEnter(Object manager) {
    if (BREAKER.isOpen()) {
      return null;
    }
    try {
      return SpringAiCalls.instance().selectionEnter(manager);
    } catch (LinkageError e) {
      return BREAKER.trip("selector", e);
    }
  }

  public static void selectionExit(Object call, Object definitions, Throwable thrown) {
    if (call != null) {
      try {
        SpringAiCalls.instance().selectionExit(call, (List<?>) definitions, thrown);
      } catch (LinkageError e) {
        BREAKER.trip("selector", e);
      }
    }
  }

  // ---- ChatClient -----------------------------------------------------------------------------

  public static Object chatClientEnter(Object request) {
    if (BREAKER.isOpen() || CLIENT_BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatClientCalls.instance().callEnter(request);
    } catch (LinkageError e) {
      return CLIENT_BREAKER.trip("agent", e);
    } catch (Throwable t) {
      failed("agent", t);
      return null;
    }
  }

  public static void chatClientExit(Object call, Throwable thrown) {
    if (call != null) {
      try {
        ChatClientCalls.instance().callExit(call, thrown);
      } catch (LinkageError e) {
        CLIENT_BREAKER.trip("agent", e);
      } catch (Throwable t) {
        failed("agent", t);
      }
    }
  }

  /** The observing Flux to return instead of {@code flux}, or null to keep it. */
  @SuppressWarnings("unchecked")
  public static Object chatClientStream(Object request, Object flux, Throwable thrown) {
    if (thrown != null || BREAKER.isOpen() || CLIENT_BREAKER.isOpen()) {
      return null;
    }
    try {
      return ChatClientCalls.instance().streamExit(request, (Flux<Object>) flux);
    } catch (LinkageError e) {
      return CLIENT_BREAKER.trip("agent", e);
    } catch (Throwable t) {
      failed("agent", t);
      return null;
    }
  }

  // ---- HTTP requests of a provider call -----------------------------------------------------

  public static Object httpEnter(Object request) {
    if (BREAKER.isOpen() || HTTP_BREAKER.isOpen()) {
      return null;
    }
    try {
      return HttpAttempts.enter(request);
    } catch (LinkageError e) {
      return HTTP_BREAKER.trip("provider", e);
    } catch (Throwable t) {
      failed("provider", t);
      return null;
    }
  }

  public static void httpExit(Object call, Object response, Throwable thrown) {
    if (call != null) {
      try {
        HttpAttempts.exit(call, response, thrown);
      } catch (LinkageError e) {
        HTTP_BREAKER.trip("provider", e);
      } catch (Throwable t) {
        failed("provider", t);
      }
    }
  }

  private static void failed(String role, Throwable t) {
    try {
      SpringAiCalls.instance().telemetry.failures().record(role, t);
    } catch (Throwable ignored) {
      // never into the application
    }
  }
}
