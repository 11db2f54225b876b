package ai.victor.otel.instrumentation.sdk.openai;

import ai.victor.otel.instrumentation.sdk.SdkClasses;
import java.util.Arrays;
import java.util.List;

/**
 * Every class the OpenAI advice reaches, injected into the application's class loader: core, the
 * SDK modules' shared classes ({@link SdkClasses}) and this module's own. HelperClassesTest checks
 * the list against the compiled classes.
 */
final class HelperClasses {
  private static final String HERE = "ai.victor.otel.instrumentation.sdk.openai.";

  static final List<String> NAMES = SdkClasses.with(Arrays.asList(
      HERE + "OpenAiReader",
      HERE + "OpenAiStream",
      HERE + "OpenAiAsyncStream",
      HERE + "OpenAiAsyncStream$Observed",
      HERE + "OpenAiGuard"));

  private HelperClasses() {}
}
