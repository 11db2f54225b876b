package ai.victor.otel.instrumentation.springai;

import ai.victor.otel.core.CoreClasses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every class the advice reaches, to be injected into the application's class loader: all of
 * core ({@link CoreClasses}) and this module's helpers. There is no muzzle in a Maven build
 * to compute this: a class missing here fails only at run time, so HelperClassesTest checks the
 * list against the compiled classes. Superclasses come before their subclasses because injection
 * defines the classes in this order.
 */
final class HelperClasses {
  private static final String HERE = "ai.victor.otel.instrumentation.springai.";

  static final List<String> NAMES = concat(CoreClasses.NAMES, Arrays.asList(
      HERE + "Operation",
      HERE + "StreamingChat",
      HERE + "Providers",
      HERE + "Providers$1",
      HERE + "SpringAiErrors",
      HERE + "SpringAiErrors$1",
      HERE + "SpringAiCalls",
      HERE + "SpringAiCalls$ModelBinding",
      HERE + "SpringAiCalls$ModelRecorder",
      HERE + "Messages",
      HERE + "ChatClientCalls",
      HERE + "ChatClientCalls$ClientCall",
      HERE + "HttpAttempts",
      HERE + "SpringAiGuard"));

  private static List<String> concat(List<String> core, List<String> own) {
    List<String> all = new ArrayList<>(core);
    all.addAll(own);
    return Collections.unmodifiableList(all);
  }

  private HelperClasses() {}
}
