package ai.victor.otel.instrumentation.sdk.genai;

import ai.victor.otel.instrumentation.sdk.SdkClasses;
import java.util.Arrays;
import java.util.List;

/**
 * Every class the Google GenAI advice reaches, injected into the application's class loader:
 * core, the SDK modules' shared classes ({@link SdkClasses}) and this module's own.
 * HelperClassesTest checks the list against the compiled classes.
 */
final class HelperClasses {
  private static final String HERE = "ai.victor.otel.instrumentation.sdk.genai.";

  static final List<String> NAMES = SdkClasses.with(Arrays.asList(
      HERE + "GenAiReader",
      HERE + "GenAiGuard"));

  private HelperClasses() {}
}
