package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.assertTraces;
import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.testing.Exported;
import ai.victor.otel.instrumentation.configured.app.AsyncKindsTool;
import ai.victor.otel.instrumentation.configured.app.InheritingCache;
import ai.victor.otel.instrumentation.configured.app.PartialTool;
import ai.victor.otel.instrumentation.configured.app.TestCache;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test configuration also holds a target whose class does not exist (ghost), one with a role
 * that does not exist (bad-role, naming TestCache), and one listing a method its class lacks
 * (partial-tool). The other test classes pass with these in place; this one checks what they do
 * to their own classes.
 */
class MisconfigurationTest {
  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @BeforeAll
  static void registerCacheInstruments() {
    CacheInstruments.register();
  }

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  /**
   * The warning is logged through java.util.logging in the extension's class loader, which the
   * agent redirects to its own logger; that one writes to the current System.err, so swapping
   * System.err while the class loads captures it. PartialTool is loaded nowhere else.
   */
  @Test
  void missingMethodIsReportedOnceAndTheOtherMethodsAreInstrumented() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // loading the class runs the type matcher, which checks the configured method names
      Class.forName("ai.victor.otel.instrumentation.configured.app.PartialTool");
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    originalErr.print(log);

    assertThat(new PartialTool().run("x")).isEqualTo("ran x");

    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool partial")));
    String warning = "victor.otel.target.partial-tool.methods names method 'noSuchMethod'";
    assertThat(log).contains(warning)
        .contains("ai.victor.otel.instrumentation.configured.app.PartialTool")
        .contains("victor.otel.target.partial-tool.type");
    assertThat(log.split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
    // the method that exists is not reported
    assertThat(log).doesNotContain("names method 'run'");
  }

  @Test
  void targetWithUnknownRoleOnTheSameClassChangesNothing() {
    TestCache cache = new TestCache("misconfigured", 2);

    cache.get("k");

    // bad-role names TestCache too; it is skipped, so the lookup is counted once, as a cache
    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "misconfigured", "operation", "miss"))).isEqualTo(1);
  }

  /** Loads a class with System.err captured: its type matcher's warnings are in the result. */
  private static String warningsWhileLoading(String className) throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Class.forName(className);
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    originalErr.print(log);
    return log;
  }

  @Test
  void aMethodOnlyInheritedFromAnUnmatchedClassIsReportedOnce() throws Exception {
    String log = warningsWhileLoading(
        "ai.victor.otel.instrumentation.configured.app.InheritingCache");

    String warning = "victor.otel.target.inherited-cache.get names method 'get', but "
        + "ai.victor.otel.instrumentation.configured.app.InheritingCache has it only from "
        + "ai.victor.otel.instrumentation.configured.app.PlainStore";
    assertThat(log).contains(warning, "victor.otel.target.inherited-cache.put names method 'put'",
        "victor.otel.target.inherited-cache.type");
    assertThat(log.split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
    // the calls work, and are indeed not recorded
    InheritingCache cache = new InheritingCache();
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "inherited-cache", "operation", "hit"))).isZero();
  }

  @Test
  void suspendFunctionsAndRxJavaResultsAreReportedAtMatchTime() throws Exception {
    String log = warningsWhileLoading(
        "ai.victor.otel.instrumentation.configured.app.AsyncKindsTool");

    assertThat(log).contains("victor.otel.target.async-kinds.methods names method 'run' of "
        + "ai.victor.otel.instrumentation.configured.app.AsyncKindsTool, which is a Kotlin"
        + " suspend function");
    assertThat(log).contains("victor.otel.target.async-kinds.methods names method 'single'",
        "returns an RxJava type (io.reactivex.rxjava3.core.Single)",
        "CompletionStage/CompletableFuture, Reactor Mono and Flux");
    // still instrumented synchronously, and the application's results are untouched
    assertThat(new AsyncKindsTool().single("x").blockingGet()).isEqualTo("single x");
    assertTraces(testing, trace -> trace.hasSpansSatisfyingExactly(
        span -> span.hasName("execute_tool grep")));
  }
}
