package ai.victor.otel.javaagent;

import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The renaming the upstream agent (2.33.1) applies to every class it reads from an extension jar,
 * done once at build time instead: its {@code RemappingUrlConnection} runs an ASM {@code
 * ClassRemapper} with the rules below ({@code ShadingRemapper}: the longest rule at or below a
 * name, by {@code TreeMap.floorEntry}, applies if the name starts with it). The same ASM calls
 * with the same flags, so a class relocated here is the class the agent would define from the
 * extension jar ({@code DistributionReproducibilityTest} compares the two byte for byte).
 *
 * <p>Like the agent's, it renames what the class file declares as types (descriptors, signatures,
 * owners, {@code Class} constants, annotations) and leaves string constants alone: a class name
 * in a string (a reflective {@code Class.forName}) means the same in both forms.
 */
final class Relocation extends Remapper {
  /** Upstream's rules, from {@code RemappingUrlConnection}: internal-name prefixes. */
  private static final String[][] RULES = {
      {"io/opentelemetry/api", "io/opentelemetry/javaagent/shaded/io/opentelemetry/api"},
      {"io/opentelemetry/context", "io/opentelemetry/javaagent/shaded/io/opentelemetry/context"},
      {"io/opentelemetry/common", "io/opentelemetry/javaagent/shaded/io/opentelemetry/common"},
      {"io/opentelemetry/instrumentation", "io/opentelemetry/javaagent/shaded/instrumentation"},
      {"io/opentelemetry/semconv", "io/opentelemetry/javaagent/shaded/io/opentelemetry/semconv"},
      {"io/opentelemetry/contrib/awsxray",
          "io/opentelemetry/javaagent/shaded/io/opentelemetry/contrib/awsxray"},
      {"io/opentelemetry/extension/kotlin",
          "io/opentelemetry/javaagent/shaded/io/opentelemetry/extension/kotlin"},
      {"application/io/opentelemetry", "io/opentelemetry"},
      {"java/util/logging/Logger", "io/opentelemetry/javaagent/bootstrap/PatchLogger"},
  };

  private final TreeMap<String, String> rules = new TreeMap<>();

  Relocation() {
    super(Opcodes.ASM9);
    for (String[] rule : RULES) {
      rules.put(rule[0], rule[1]);
    }
  }

  @Override
  public String map(String internalName) {
    Map.Entry<String, String> rule = rules.floorEntry(internalName);
    if (rule != null && internalName.startsWith(rule.getKey())) {
      return rule.getValue() + internalName.substring(rule.getKey().length());
    }
    return internalName;
  }

  /** A binary class name ({@code a.b.C}) as relocated. */
  String className(String binaryName) {
    return map(binaryName.replace('.', '/')).replace('/', '.');
  }

  /** A class file as the agent's extension class loader would define it. */
  byte[] relocate(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassRemapper(writer, this), ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }
}
