package ai.victor.otel.instrumentation.langchain4j.calls;

import ai.victor.otel.core.Labels;
import java.util.Locale;

/**
 * The {@code gen_ai.provider.name} of a LangChain4j {@code ModelProvider}: the semantic
 * conventions' well-known value where one exists, else the constant's name in lower case. Read
 * by name, not by enum constant, because the enum gains constants from release to release.
 */
final class ProviderNames {
  private ProviderNames() {}

  static String of(Object modelProvider) {
    if (modelProvider == null) {
      return Labels.UNKNOWN;
    }
    String name = modelProvider.toString();
    switch (name) {
      case "OPEN_AI":
        return "openai";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "ANTHROPIC":
        return "anthropic";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "GOOGLE_AI_GEMINI":
        return "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI":
      case "GOOGLE_VERTEX_AI_ANTHROPIC":
        return "gcp.vertex_ai";
      case "GOOGLE_GENAI":
        return "gcp.gen_ai";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "WATSONX":
        return "ibm.watsonx.ai";
      case "COHERE":
        return "cohere";
      default:
        return name.toLowerCase(Locale.ROOT);
    }
  }
}
