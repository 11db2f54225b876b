package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.Metric;
import ai.victor.otel.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import ai.victor.otel.instrumentation.langchain4j.agentic.LangChain4jAgenticInstrumentationModule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j module's contract with users and the agent: the documented switch names, and
 * the hand-kept helper list (no muzzle in Maven): every core class and every class of its {@code
 * calls} package, superclasses first. A missing helper would fail silently in the user's
 * application. The same for the agentic module, which shares the LangChain4j module's helpers
 * and adds its own {@code agentic.calls} package.
 */
class LangChain4jModuleTest {
  private static final String CALLS = "ai/victor/otel/instrumentation/langchain4j/calls/";
  private static final String AGENTIC_CALLS =
      "ai/victor/otel/instrumentation/langchain4j/agentic/calls/";
  private final List<String> helpers =
      new LangChain4jInstrumentationModule().getAdditionalHelperClassNames();

  @Test
  void theSwitchHasTheDocumentedNames() {
    // the agent reads otel.instrumentation.<name>.enabled for each of these names
    LangChain4jInstrumentationModule module = new LangChain4jInstrumentationModule();
    assertThat(module.instrumentationName()).isEqualTo("victor-langchain4j");
    assertThat(module.instrumentationNames())
        .containsExactlyInAnyOrder("victor-langchain4j", "victor-langchain4j-1.0");
  }

  @Test
  void everyCoreAndCallsClassIsAHelper() throws Exception {
    Set<String> expected = classesUnder(Metric.class, "ai/victor/otel/core/");
    expected.addAll(classesUnder(LangChain4jInstrumentationModule.class, CALLS));
    assertThat(new TreeSet<>(helpers)).isEqualTo(expected);
  }

  @Test
  void theAgenticModuleHasItsOwnSwitchAndInjectsBothPackages() throws Exception {
    LangChain4jAgenticInstrumentationModule agentic = new LangChain4jAgenticInstrumentationModule();
    assertThat(agentic.instrumentationNames()).containsExactly("victor-langchain4j-agentic");
    Set<String> expected = classesUnder(Metric.class, "ai/victor/otel/core/");
    expected.addAll(classesUnder(LangChain4jInstrumentationModule.class, CALLS));
    expected.addAll(classesUnder(LangChain4jInstrumentationModule.class, AGENTIC_CALLS));
    List<String> agenticHelpers = agentic.getAdditionalHelperClassNames();
    assertThat(new TreeSet<>(agenticHelpers)).isEqualTo(expected);
    // the shared helpers in the LangChain4j module's order (superclasses first)
    assertThat(agenticHelpers.subList(0, helpers.size())).isEqualTo(helpers);
    for (String helper : agenticHelpers) {
      assertThat(agentic.isHelperClass(helper)).as(helper).isTrue();
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

  private static Set<String> classesUnder(Class<?> anchor, String prefix)
      throws IOException, URISyntaxException {
    Path location = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
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
