package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.CoreClasses;
import ai.victor.otel.core.Metric;
import ai.victor.otel.instrumentation.caffeine.CaffeineInstrumentationModule;
import ai.victor.otel.instrumentation.configured.ConfiguredClassesInstrumentationModule;
import ai.victor.otel.instrumentation.jcache.JCacheInstrumentationModule;
import ai.victor.otel.instrumentation.mcp.McpInstrumentationModule;
import ai.victor.otel.instrumentation.semanticcache.SemanticCacheInstrumentationModule;
import ai.victor.otel.instrumentation.sdk.anthropic.AnthropicInstrumentationModule;
import ai.victor.otel.instrumentation.sdk.genai.GenAiInstrumentationModule;
import ai.victor.otel.instrumentation.sdk.openai.OpenAiInstrumentationModule;
import ai.victor.otel.instrumentation.springai.SpringAiInstrumentationModule;
import ai.victor.otel.instrumentation.springcache.SpringCacheInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Without muzzle, the helper list is hand-kept, and a class missing from it fails only inside a
 * user's application (advice errors are swallowed). This checks it against core's classes.
 */
class HelperClassesTest {
  /** What the configured-classes module injects once a target is configured. */
  private final List<String> helpers = CoreClasses.NAMES;

  @Test
  void everyCoreClassIsAHelper() throws Exception {
    assertThat(new TreeSet<>(helpers)).isEqualTo(coreClasses());
  }

  /**
   * Core is injected for configured targets only: with none (a LangChain4j or Spring AI service)
   * the module lists no helpers, or the agent warns about a module with helpers and no types.
   */
  @Test
  void theConfiguredModuleInjectsCoreOnlyWhenATargetIsConfigured() {
    assertThat(new ConfiguredClassesInstrumentationModule().getAdditionalHelperClassNames())
        .isEmpty();
    Map<String, String> target = new LinkedHashMap<>();
    target.put("victor.otel.targets", "c");
    target.put("victor.otel.target.c.role", "cache");
    target.put("victor.otel.target.c.type", "com.example.Cache");
    target.put("victor.otel.target.c.get", "get");
    target.forEach(System::setProperty);
    try {
      assertThat(new ConfiguredClassesInstrumentationModule().getAdditionalHelperClassNames())
          .isEqualTo(CoreClasses.NAMES);
    } finally {
      target.keySet().forEach(System::clearProperty);
    }
  }

  /**
   * Each cache library module injects all of core and every class of its own package that is not
   * instrumentation wiring (the module, its type instrumentations and advice stay in the agent).
   */
  @Test
  void eachCacheLibraryModuleInjectsCoreAndItsHelpers() throws Exception {
    for (InstrumentationModule module : Arrays.asList(new CaffeineInstrumentationModule(),
        new SpringCacheInstrumentationModule(), new JCacheInstrumentationModule(),
        new SemanticCacheInstrumentationModule())) {
      Set<String> expected = new TreeSet<>(coreClasses());
      for (String name : classesOfPackage(module.getClass())) {
        if (!name.endsWith("InstrumentationModule") && !name.contains("Instrumentation$")
            && !name.endsWith("Instrumentation") && !name.endsWith("IgnoredTypes")) {
          expected.add(name);
        }
      }
      assertThat(new TreeSet<>(module.getAdditionalHelperClassNames()))
          .as(module.getClass().getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void superclassesAreInjectedBeforeTheirSubclasses() throws ClassNotFoundException {
    for (int i = 0; i < helpers.size(); i++) {
      Class<?> superclass = Class.forName(helpers.get(i), false, getClass().getClassLoader())
          .getSuperclass();
      if (superclass != null && helpers.contains(superclass.getName())) {
        assertThat(helpers.indexOf(superclass.getName())).as(helpers.get(i)).isLessThan(i);
      }
    }
  }

  /** Spring AI's advice reaches all of core and its module's classes but the advice glue. */
  @Test
  void springAiHelpersAreCoreAndTheModulesRecordingClasses() throws Exception {
    List<String> springAi = new SpringAiInstrumentationModule().getAdditionalHelperClassNames();
    Set<String> expected = coreClasses();
    classesIn(SpringAiInstrumentationModule.class, "ai/victor/otel/instrumentation/springai/")
        .stream()
        .filter(name -> !name.contains("Instrumentation") && !name.endsWith(".HelperClasses")
            && !name.endsWith("IgnoredTypes"))
        .forEach(expected::add);
    assertThat(new TreeSet<>(springAi)).isEqualTo(expected);
    for (int i = 0; i < springAi.size(); i++) {
      Class<?> superclass = Class.forName(springAi.get(i), false, getClass().getClassLoader())
          .getSuperclass();
      if (superclass != null && springAi.contains(superclass.getName())) {
        assertThat(springAi.indexOf(superclass.getName())).as(springAi.get(i)).isLessThan(i);
      }
    }
  }

  /** The MCP module's advice reaches all of core and its calls package, superclasses first. */
  @Test
  void mcpHelpersAreCoreAndTheModulesCallsPackage() throws Exception {
    List<String> mcp = new McpInstrumentationModule().getAdditionalHelperClassNames();
    Set<String> expected = coreClasses();
    expected.addAll(classesIn(McpInstrumentationModule.class,
        "ai/victor/otel/instrumentation/mcp/calls/"));
    assertThat(new TreeSet<>(mcp)).isEqualTo(expected);
    for (int i = 0; i < mcp.size(); i++) {
      Class<?> superclass = Class.forName(mcp.get(i), false, getClass().getClassLoader())
          .getSuperclass();
      if (superclass != null && mcp.contains(superclass.getName())) {
        assertThat(mcp.indexOf(superclass.getName())).as(mcp.get(i)).isLessThan(i);
      }
    }
  }

  /**
   * Each provider SDK module injects core, the SDK modules' shared classes and its own package's,
   * but not the instrumentation wiring (the module, its type instrumentations and advice, which
   * stay in the agent).
   */
  @Test
  void eachProviderSdkModuleInjectsCoreTheSharedClassesAndItsOwn() throws Exception {
    Set<String> shared = new TreeSet<>();
    for (String name : classesIn(OpenAiInstrumentationModule.class,
        "ai/victor/otel/instrumentation/sdk/")) {
      if (name.lastIndexOf('.') == "ai.victor.otel.instrumentation.sdk".length()
          && !name.endsWith("Instrumentation")) {
        shared.add(name);
      }
    }
    for (InstrumentationModule module : Arrays.asList(new OpenAiInstrumentationModule(),
        new AnthropicInstrumentationModule(), new GenAiInstrumentationModule())) {
      Set<String> expected = new TreeSet<>(coreClasses());
      expected.addAll(shared);
      for (String name : classesOfPackage(module.getClass())) {
        if (!name.contains("Instrumentation") && !name.contains("Advice")
            && !name.endsWith(".HelperClasses")) {
          expected.add(name);
        }
      }
      List<String> helpers = module.getAdditionalHelperClassNames();
      assertThat(new TreeSet<>(helpers)).as(module.getClass().getSimpleName())
          .isEqualTo(expected);
      for (int i = 0; i < helpers.size(); i++) {
        Class<?> type = Class.forName(helpers.get(i), false, getClass().getClassLoader());
        List<Class<?>> supertypes = new java.util.ArrayList<>(Arrays.asList(type.getInterfaces()));
        supertypes.add(type.getSuperclass());
        for (Class<?> supertype : supertypes) {
          if (supertype != null && helpers.contains(supertype.getName())) {
            assertThat(helpers.indexOf(supertype.getName())).as(helpers.get(i)).isLessThan(i);
          }
        }
      }
    }
  }

  private static Set<String> coreClasses() throws IOException, URISyntaxException {
    return classesIn(Metric.class, "ai/victor/otel/core/");
  }

  private static Set<String> classesOfPackage(Class<?> anchor) throws Exception {
    return classesIn(anchor, anchor.getPackage().getName().replace('.', '/') + "/");
  }

  private static Set<String> classesIn(Class<?> anchor, String prefix)
      throws IOException, URISyntaxException {
    Path location = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Stream<String> entries;
    if (Files.isDirectory(location)) {
      entries = Files.walk(location).map(p -> location.relativize(p).toString());
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList()).stream();
      }
    }
    return entries
        .filter(name -> name.startsWith(prefix) && name.endsWith(".class"))
        .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
