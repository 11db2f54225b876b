package ai.victor.otel.instrumentation.configured;

import static ai.victor.otel.instrumentation.testing.Exported.attributes;
import static ai.victor.otel.instrumentation.testing.Exported.counter;
import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.instrumentation.configured.app.PresenceCache;
import ai.victor.otel.instrumentation.testing.Exported;
import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A configured lookup returning a primitive ({@code boolean contains(key)}) cannot tell a hit from
 * a miss by its value: counting it would make every call a hit and box its result per call. It is
 * left uninstrumented, with one WARNING naming the setting; the target's other lookup counts.
 */
class PrimitiveLookupTest {
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

  @Test
  void aBooleanLookupIsRefusedOnceAndTheOtherLookupCounts() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // loading the class runs the type matcher, which checks the configured methods
      Class.forName("ai.victor.otel.instrumentation.configured.app.PresenceCache");
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    originalErr.print(log);

    PresenceCache cache = new PresenceCache();
    assertThat(cache.contains("a")).isFalse();
    assertThat(cache.get("a")).isNull(); // miss
    cache.put("a", "1");
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.get("a")).isEqualTo("1"); // hit

    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "presence", "operation", "hit"))).isEqualTo(1);
    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "presence", "operation", "miss"))).isEqualTo(1);
    assertThat(counter(testing, "victor.cache.operations",
        attributes("namespace", "presence", "operation", "put"))).isEqualTo(1);
    String warning = "victor.otel.target.presence-cache.get names method 'contains'";
    assertThat(log).contains(warning).contains("returns boolean");
    assertThat(log.split(Pattern.quote(warning), -1)).hasSize(2);
    assertThat(log).doesNotContain("names method 'get'");
  }
}
