package ai.victor.otel.instrumentation.springai;

import java.util.Locale;

/**
 * The GenAI provider name ({@code gen_ai.provider.name} values where the convention has one) of a
 * chat model class, from the Spring AI module it comes from. Read once per class.
 */
final class Providers {
  private static final String SPRING_AI = "org.springframework.ai.";
  private static final String[][] BY_PACKAGE = {
    {"openai.", "openai"},
    {"azure.openai.", "azure.ai.openai"},
    {"anthropic.", "anthropic"},
    {"vertexai.gemini.", "gcp.vertex_ai"},
    {"google.genai.", "gcp.gen_ai"},
    {"bedrock.", "aws.bedrock"},
    {"mistralai.", "mistral_ai"},
    {"deepseek.", "deepseek"},
    {"ollama.", "ollama"},
    {"watsonx.", "ibm.watsonx.ai"},
  };

  static final ClassValue<String> NAMES = new ClassValue<String>() {
    @Override
    protected String computeValue(Class<?> type) {
      return of(type.getName());
    }
  };

  private Providers() {}

  /** Known modules by their package; others by their first package segment or class name. */
  static String of(String className) {
    if (className.startsWith(SPRING_AI)) {
      String rest = className.substring(SPRING_AI.length());
      for (String[] entry : BY_PACKAGE) {
        if (rest.startsWith(entry[0])) {
          return entry[1];
        }
      }
      int dot = rest.indexOf('.');
      if (dot > 0) {
        return rest.substring(0, dot);
      }
    }
    String simple = className.substring(className.lastIndexOf('.') + 1);
    int nested = simple.lastIndexOf('$');
    return (nested >= 0 ? simple.substring(nested + 1) : simple).toLowerCase(Locale.ROOT);
  }
}
