package ai.victor.otel.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VictorConfigTest {
  private static final String P = "victor.otel.target.";

  /** A config with one valid tool target "good" and whatever else the test adds. */
  private static Map<String, String> withGoodTarget(String targets, String... more) {
    Map<String, String> settings = new LinkedHashMap<String, String>();
    settings.put("victor.otel.targets", targets);
    settings.put(P + "good.role", "tool");
    settings.put(P + "good.type", "com.example.tools.GoodTool");
    settings.put(P + "good.methods", "execute");
    for (int i = 0; i < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  private static VictorConfig load(Map<String, String> settings) {
    return VictorConfig.load(ConfigSource.of(settings));
  }

  private static List<String> ids(VictorConfig config) {
    List<String> ids = new ArrayList<String>();
    for (Target target : config.targets()) {
      ids.add(target.id());
    }
    return ids;
  }

  private static Target target(VictorConfig config, String id) {
    for (Target target : config.targets()) {
      if (target.id().equals(id)) {
        return target;
      }
    }
    return null;
  }

  @Test
  void noTargetsAndDefaults() {
    VictorConfig config = load(Collections.<String, String>emptyMap());
    assertThat(config.targets()).isEmpty();
    assertThat(config.problems()).isEmpty();
    assertThat(config.cardinalityLimit()).isEqualTo(32);
    assertThat(config.derivedWindowSeconds()).isEqualTo(60);
    assertThat(config.cacheLatencySampleEvery()).isEqualTo(64);
    assertThat(config.captureContent()).isFalse();
    assertThat(config.contentMaxLength()).isEqualTo(1024);
  }

  @Test
  void aFullConfigurationOfEveryRoleParses() {
    Map<String, String> s = new HashMap<String, String>();
    s.put("victor.otel.targets", " tool-cache , selector,provider, tool,boot,component ");
    s.put(P + "tool-cache.role", "cache");
    s.put(P + "tool-cache.type", "com.example.cache.LruCache");
    s.put(P + "tool-cache.get", "get, getIfPresent");
    s.put(P + "tool-cache.put", "put");
    s.put(P + "tool-cache.evict", "evictOldest");
    s.put(P + "tool-cache.invalidate", "clear,invalidate");
    s.put(P + "tool-cache.namespace", "this.name()");
    s.put(P + "tool-cache.size", "this.size()");
    s.put(P + "tool-cache.capacity", "this.maxSize");
    s.put(P + "tool-cache.entry-bytes", "512");
    s.put(P + "selector.role", "SELECTOR");
    s.put(P + "selector.type", "com.example.ToolSelector");
    s.put(P + "selector.methods", "select");
    s.put(P + "selector.cache-type", "result.cacheType()");
    s.put(P + "selector.hit", "result.hit()");
    s.put(P + "provider.role", "provider");
    s.put(P + "provider.type", "com.example.Provider$Impl");
    s.put(P + "provider.methods", "chat,stream");
    s.put(P + "provider.model", "arg0.model()");
    s.put(P + "provider.input-tokens", "result.usage().inputTokens()");
    s.put(P + "provider.output-tokens", "result.usage().outputTokens()");
    s.put(P + "tool.role", "tool");
    s.put(P + "tool.type", "com.example.Tool");
    s.put(P + "tool.methods", "execute");
    s.put(P + "tool.tool", "this.name()");
    s.put(P + "tool.failed", "result.isError()");
    s.put(P + "boot.role", "bootstrap");
    s.put(P + "boot.type", "com.example.App");
    s.put(P + "boot.methods", "start");
    s.put(P + "boot.phase", "startup");
    s.put(P + "component.role", "bootstrap");
    s.put(P + "component.type", "com.example.Component");
    s.put(P + "component.methods", "init");
    s.put(P + "component.phase", "component");
    s.put(P + "component.name", "this.id");

    VictorConfig config = load(s);

    assertThat(config.problems()).isEmpty();
    assertThat(ids(config))
        .containsExactly("tool-cache", "selector", "provider", "tool", "boot", "component");

    Target cache = target(config, "tool-cache");
    assertThat(cache.role()).isEqualTo(Role.CACHE);
    assertThat(cache.type()).isEqualTo("com.example.cache.LruCache");
    assertThat(cache.methods().keySet()).containsExactly("get", "put", "evict", "invalidate");
    assertThat(cache.methods("get")).containsExactly("get", "getIfPresent");
    assertThat(cache.methods("invalidate")).containsExactly("clear", "invalidate");
    assertThat(cache.methods("methods")).isEmpty();
    assertThat(cache.accessor("namespace")).hasToString("this.name()");
    assertThat(cache.accessor("size")).hasToString("this.size()");
    assertThat(cache.accessor("capacity")).hasToString("this.maxSize");
    assertThat(cache.accessor("memory")).isNull();
    assertThat(cache.entryBytes()).isEqualTo(512);
    assertThat(cache.phase()).isNull();
    assertThat(cache.key("get")).isEqualTo("victor.otel.target.tool-cache.get");
    assertThat(cache.toString()).contains("cache", "tool-cache", "com.example.cache.LruCache");

    Target selector = target(config, "selector");
    assertThat(selector.role()).isEqualTo(Role.SELECTOR);
    assertThat(selector.methods()).containsOnlyKeys("methods");
    assertThat(selector.methods("methods")).containsExactly("select");
    assertThat(selector.accessor("cache-type")).hasToString("result.cacheType()");
    assertThat(selector.accessor("hit")).hasToString("result.hit()");
    assertThat(selector.accessor("tool-count")).hasToString("result"); // default

    Target provider = target(config, "provider");
    assertThat(provider.role()).isEqualTo(Role.PROVIDER);
    assertThat(provider.type()).isEqualTo("com.example.Provider$Impl");
    assertThat(provider.methods("methods")).containsExactly("chat", "stream");
    assertThat(provider.accessor("provider")).hasToString("class"); // default
    assertThat(provider.accessor("model")).hasToString("arg0.model()");
    assertThat(provider.accessor("input-tokens")).hasToString("result.usage().inputTokens()");
    assertThat(provider.accessor("output-tokens")).hasToString("result.usage().outputTokens()");
    assertThat(provider.accessor("finish-reason")).isNull();

    Target tool = target(config, "tool");
    assertThat(tool.role()).isEqualTo(Role.TOOL);
    assertThat(tool.accessor("tool")).hasToString("this.name()");
    assertThat(tool.accessor("failed")).hasToString("result.isError()");
    assertThat(tool.accessor("tool-type")).hasToString("const:function"); // default
    assertThat(tool.accessor("call-id")).isNull();

    Target boot = target(config, "boot");
    assertThat(boot.role()).isEqualTo(Role.BOOTSTRAP);
    assertThat(boot.phase()).isEqualTo("startup");
    assertThat(boot.accessor("name")).hasToString("class"); // default
    assertThat(target(config, "component").phase()).isEqualTo("component");
    assertThat(target(config, "component").accessor("name")).hasToString("this.id");

    assertThat(config.targets(Role.BOOTSTRAP)).extracting(Target::id)
        .containsExactly("boot", "component");
    assertThat(config.targets(Role.CACHE)).extracting(Target::id).containsExactly("tool-cache");
  }

  @Test
  void cacheDefaultsNamespaceToTheTargetIdAndEntryBytesTo256() throws Exception {
    Map<String, String> s = new HashMap<String, String>();
    s.put("victor.otel.targets", "sessions");
    s.put(P + "sessions.role", "cache");
    s.put(P + "sessions.type", "com.example.SessionCache");
    s.put(P + "sessions.put", "store");
    VictorConfig config = load(s);
    assertThat(config.problems()).isEmpty();
    Target target = config.targets().get(0);
    assertThat(target.methods()).containsOnlyKeys("put");
    assertThat(target.accessor("namespace").value(null, null, null, null, null, null))
        .isEqualTo("sessions");
    assertThat(target.entryBytes()).isEqualTo(256);
  }

  @Test
  void disabledTargetIsSkippedSilently() {
    VictorConfig config = load(withGoodTarget("good,off",
        P + "off.enabled", "false", P + "off.role", "tool", P + "off.type", "a.B",
        P + "off.methods", "run"));
    assertThat(config.problems()).isEmpty();
    assertThat(ids(config)).containsExactly("good");
  }

  /** Asserts exactly one problem naming the key and value and saying what was expected. */
  private static VictorConfig assertOneProblem(Map<String, String> settings, String keyAndValue,
      String expected) {
    VictorConfig config = load(settings);
    assertThat(config.problems()).hasSize(1);
    assertThat(config.problems().get(0))
        .startsWith("victor-otel: ignoring " + keyAndValue + ": expected ")
        .contains(expected);
    assertThat(ids(config)).contains("good");
    Target good = target(config, "good");
    assertThat(good.methods("methods")).containsExactly("execute");
    return config;
  }

  @Test
  void unknownRole() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,bad",
        P + "bad.role", "database", P + "bad.type", "a.B", P + "bad.methods", "run"),
        P + "bad.role=database", "one of cache, selector, provider, tool, agent, bootstrap");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void missingRole() {
    assertOneProblem(withGoodTarget("good,bad", P + "bad.type", "a.B", P + "bad.methods", "run"),
        P + "bad.role=<unset>", "one of cache, selector, provider, tool, agent, bootstrap");
  }

  @Test
  void missingType() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,bad",
        P + "bad.role", "tool", P + "bad.methods", "run"),
        P + "bad.type=<unset>", "the fully qualified name of a class or interface");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void malformedType() {
    for (String type : Arrays.asList("com.example..Tool", "com.example.Tool.", "1com.Tool",
        "com.example.Tool<String>", "com example.Tool")) {
      VictorConfig config = assertOneProblem(withGoodTarget("good,bad",
          P + "bad.role", "tool", P + "bad.type", type, P + "bad.methods", "run"),
          P + "bad.type=" + type, "the fully qualified name of a class or interface");
      assertThat(ids(config)).containsExactly("good");
    }
  }

  @Test
  void noMethodsNamesTheFirstMethodSettingOfTheRole() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,bad",
        P + "bad.role", "tool", P + "bad.type", "a.B"),
        P + "bad.methods=<unset>", "at least one method name for tool target 'bad'");
    assertThat(ids(config)).containsExactly("good");

    config = assertOneProblem(withGoodTarget("good,c", P + "c.role", "cache", P + "c.type", "a.B"),
        P + "c.get=<unset>",
        "at least one method name for cache target 'c' (settings get, put, evict, invalidate)");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void badMethodNameIsDroppedAndTheRestKept() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,t",
        P + "t.role", "tool", P + "t.type", "a.B", P + "t.methods", "run, not-a-name"),
        P + "t.methods=run, not-a-name", "comma-separated method names, found 'not-a-name'");
    assertThat(target(config, "t").methods("methods")).containsExactly("run");
  }

  @Test
  void badAccessorIsIgnoredAndTheDefaultUsed() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,t",
        P + "t.role", "tool", P + "t.type", "a.B", P + "t.methods", "run",
        P + "t.tool", "self.name()"),
        P + "t.tool=self.name()", "const:<text>, class, or this|result|arg0..arg3");
    assertThat(target(config, "t").accessor("tool")).hasToString("class");

    config = assertOneProblem(withGoodTarget("good,t",
        P + "t.role", "tool", P + "t.type", "a.B", P + "t.methods", "run",
        P + "t.failed", "result.failed(x)"),
        P + "t.failed=result.failed(x)", "found 'failed(x)'");
    assertThat(target(config, "t").accessor("failed")).isNull();
  }

  @Test
  void duplicateIdIsReportedOnceAndTheTargetKeptOnce() {
    VictorConfig config = assertOneProblem(withGoodTarget("good, good"),
        "victor.otel.targets=good, good", "each target id once, 'good' is listed twice");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void badTargetId() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,bad id"),
        "victor.otel.targets=good,bad id", "target ids of letters, digits, '-' and '_'");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void duplicateRoleAndTypeKeepsTheFirst() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,again",
        P + "again.role", "tool", P + "again.type", "com.example.tools.GoodTool",
        P + "again.methods", "run"),
        P + "again.type=com.example.tools.GoodTool",
        "one tool target per class; an earlier target already has it");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void sameTypeInDifferentRolesIsFine() {
    VictorConfig config = load(withGoodTarget("good,cache",
        P + "cache.role", "cache", P + "cache.type", "com.example.tools.GoodTool",
        P + "cache.get", "lookup"));
    assertThat(config.problems()).isEmpty();
    assertThat(ids(config)).containsExactly("good", "cache");
  }

  @Test
  void badIntegersFallBackToTheDefault() {
    VictorConfig config = assertOneProblem(withGoodTarget("good",
        "victor.otel.cardinality.limit", "lots"),
        "victor.otel.cardinality.limit=lots", "an integer from 1 to 100000 (using 32)");
    assertThat(config.cardinalityLimit()).isEqualTo(32);

    config = assertOneProblem(withGoodTarget("good", "victor.otel.cardinality.limit", "0"),
        "victor.otel.cardinality.limit=0", "an integer from 1 to 100000 (using 32)");
    assertThat(config.cardinalityLimit()).isEqualTo(32);

    config = assertOneProblem(withGoodTarget("good", "victor.otel.derived.window-seconds", "1.5"),
        "victor.otel.derived.window-seconds=1.5", "an integer from 1 to 86400 (using 60)");
    assertThat(config.derivedWindowSeconds()).isEqualTo(60);

    config = assertOneProblem(withGoodTarget("good", "victor.otel.content-max-length", "-1"),
        "victor.otel.content-max-length=-1", "an integer from 1 to 1048576 (using 1024)");
    assertThat(config.contentMaxLength()).isEqualTo(1024);

    config = assertOneProblem(withGoodTarget("good,c", P + "c.role", "cache", P + "c.type", "a.C",
        P + "c.get", "get", P + "c.entry-bytes", "big"),
        P + "c.entry-bytes=big", "an integer from 0 to 2147483647 (using 256)");
    assertThat(target(config, "c").entryBytes()).isEqualTo(256);
  }

  @Test
  void validIntegersAreUsed() {
    VictorConfig config = load(withGoodTarget("good", "victor.otel.cardinality.limit", " 7 ",
        "victor.otel.derived.window-seconds", "15", "victor.otel.content-max-length", "10"));
    assertThat(config.problems()).isEmpty();
    assertThat(config.cardinalityLimit()).isEqualTo(7);
    assertThat(config.derivedWindowSeconds()).isEqualTo(15);
    assertThat(config.contentMaxLength()).isEqualTo(10);
  }

  @Test
  void badBooleansFallBackToTheDefault() {
    VictorConfig config = assertOneProblem(withGoodTarget("good",
        "victor.otel.capture-message-content", "yes"),
        "victor.otel.capture-message-content=yes", "true or false (using false)");
    assertThat(config.captureContent()).isFalse();

    config = assertOneProblem(withGoodTarget("good", P + "good.enabled", "maybe"),
        P + "good.enabled=maybe", "true or false (using true)");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void captureContentFollowsTheUpstreamSettingUnlessSetItself() {
    assertThat(load(withGoodTarget("good", "otel.instrumentation.genai.capture-message-content",
        "true")).captureContent()).isTrue();
    assertThat(load(withGoodTarget("good", "otel.instrumentation.genai.capture-message-content",
        "true", "victor.otel.capture-message-content", "false")).captureContent()).isFalse();
    assertThat(load(withGoodTarget("good", "victor.otel.capture-message-content", "TRUE"))
        .captureContent()).isTrue();
  }

  @Test
  void badPhase() {
    VictorConfig config = assertOneProblem(withGoodTarget("good,b",
        P + "b.role", "bootstrap", P + "b.type", "a.App", P + "b.methods", "start",
        P + "b.phase", "shutdown"),
        P + "b.phase=shutdown", "one of startup, component, registration");
    assertThat(ids(config)).containsExactly("good");

    config = assertOneProblem(withGoodTarget("good,b",
        P + "b.role", "bootstrap", P + "b.type", "a.App", P + "b.methods", "start"),
        P + "b.phase=<unset>", "one of startup, component, registration");
    assertThat(ids(config)).containsExactly("good");
  }

  @Test
  void cacheLatencySampleEveryRoundsUpToAPowerOfTwo() {
    int[][] cases = {{0, 0}, {1, 1}, {2, 2}, {3, 4}, {5, 8}, {64, 64}, {65, 128}, {100, 128},
        {1 << 20, 1 << 20}};
    for (int[] c : cases) {
      VictorConfig config = load(Collections.singletonMap("victor.otel.cache.latency-sample-every",
          String.valueOf(c[0])));
      assertThat(config.problems()).isEmpty();
      assertThat(config.cacheLatencySampleEvery()).as("sample-every=%d", c[0]).isEqualTo(c[1]);
    }
    VictorConfig tooBig = load(Collections.singletonMap("victor.otel.cache.latency-sample-every",
        String.valueOf((1 << 20) + 1)));
    assertThat(tooBig.problems()).hasSize(1);
    assertThat(tooBig.cacheLatencySampleEvery()).isEqualTo(64);
  }

  @Test
  void environmentNames() {
    assertThat(ConfigSource.toEnvName("victor.otel.target.tool-cache.get"))
        .isEqualTo("VICTOR_OTEL_TARGET_TOOL_CACHE_GET");
    assertThat(ConfigSource.toEnvName("victor.otel.cardinality.limit"))
        .isEqualTo("VICTOR_OTEL_CARDINALITY_LIMIT");
  }

  @Test
  void systemPropertyOverEnvironmentOverFile() {
    Properties system = new Properties();
    Map<String, String> env = new HashMap<String, String>();
    Properties file = new Properties();
    file.setProperty("a.b-c", "file");
    file.setProperty("only.file", "from-file");
    env.put("A_B_C", "env");
    env.put("ONLY_ENV", "from-env");
    env.put("only.env.dotted", "not-an-env-name");
    ConfigSource source = new ConfigSource(system, env, file);
    assertThat(source.get("a.b-c")).isEqualTo("env");
    assertThat(source.get("only.file")).isEqualTo("from-file");
    assertThat(source.get("only.env")).isEqualTo("from-env");
    assertThat(source.get("only.env.dotted")).isNull();
    system.setProperty("a.b-c", "  system  ");
    assertThat(source.get("a.b-c")).isEqualTo("system");
    assertThat(source.get("missing")).isNull();
    system.setProperty("blank", "   ");
    assertThat(source.get("blank")).isNull();
  }

  @Test
  void environmentSourceReadsTheAgentConfigurationFile(@TempDir File dir) throws Exception {
    File file = new File(dir, "agent.properties");
    Properties properties = new Properties();
    properties.setProperty("victor.test.only.from-file", "file-value");
    properties.setProperty("victor.test.only.overridden", "file-value");
    OutputStream out = new FileOutputStream(file);
    try {
      properties.store(out, null);
    } finally {
      out.close();
    }
    String previous = System.getProperty("otel.javaagent.configuration-file");
    System.setProperty("otel.javaagent.configuration-file", file.getAbsolutePath());
    System.setProperty("victor.test.only.overridden", "system-value");
    try {
      ConfigSource source = ConfigSource.fromEnvironment();
      assertThat(source.get("victor.test.only.from-file")).isEqualTo("file-value");
      assertThat(source.get("victor.test.only.overridden")).isEqualTo("system-value");

      System.setProperty("otel.javaagent.configuration-file",
          new File(dir, "missing.properties").getAbsolutePath());
      assertThat(ConfigSource.fromEnvironment().get("victor.test.only.from-file")).isNull();
    } finally {
      System.clearProperty("victor.test.only.overridden");
      if (previous == null) {
        System.clearProperty("otel.javaagent.configuration-file");
      } else {
        System.setProperty("otel.javaagent.configuration-file", previous);
      }
    }
  }

  @Test
  void roleParsing() {
    assertThat(Role.parse("Cache")).isEqualTo(Role.CACHE);
    assertThat(Role.parse("bootstrap")).isEqualTo(Role.BOOTSTRAP);
    assertThat(Role.parse("db")).isNull();
    assertThat(Role.TOOL.key()).isEqualTo("tool");
  }

  /** Advice in JDK or agent types would run inside the maps and threads the extension uses. */
  @Test
  void jdkAndAgentTypesAreRejectedAsTargets() {
    for (String type : new String[] {"java.util.Map", "javax.cache.Cache", "jdk.internal.misc.Unsafe",
        "sun.misc.Unsafe", "com.sun.net.httpserver.HttpHandler", "io.opentelemetry.api.trace.Span",
        "ai.victor.otel.core.recording.Telemetry",
        "ai.victor.otel.instrumentation.springai.SpringAiCalls"}) {
      VictorConfig config = assertOneProblem(withGoodTarget("good,jdk",
          P + "jdk.role", "cache", P + "jdk.type", type, P + "jdk.get", "get"),
          P + "jdk.type=" + type, "an application class or interface");
      assertThat(config.problems().get(0)).contains("java., javax., jdk., sun.");
      assertThat(ids(config)).as(type).containsExactly("good");
    }
    // an application's own classes under ai.victor.otel (tests, benchmarks) are fine
    assertThat(load(withGoodTarget("good,app", P + "app.role", "tool",
        P + "app.type", "ai.victor.otel.bench.app.BenchToolRunner", P + "app.methods", "run"))
        .problems()).isEmpty();
  }

  /**
   * Every accessor setting of a span role has a {@link Key}: the per-call paths read accessors
   * only through their keys' slots, so a setting without one would never be read.
   */
  @Test
  void everyAccessorSettingOfASpanRoleHasAKey() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (Key key : Key.values()) {
      keys.add(key.setting());
    }
    for (Role role : new Role[] {Role.SELECTOR, Role.PROVIDER, Role.TOOL, Role.AGENT}) {
      assertThat(keys).as("keys of the %s settings", role)
          .containsAll(VictorConfig.accessorDefaults(role, "x").keySet());
    }
  }
}
