package ai.victor.otel.instrumentation.sdk;

import ai.victor.otel.core.CoreClasses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The helper classes every provider SDK module injects: all of core and this package. There is
 * no muzzle in a Maven build: HelperClassesTest checks each module's list against the compiled
 * classes. Interfaces and superclasses come first, because injection defines classes in order.
 */
public final class SdkClasses {
  private static final String HERE = "ai.victor.otel.instrumentation.sdk.";
  private static final List<String> SHARED = Arrays.asList(
      HERE + "SdkClasses",
      HERE + "Reader",
      HERE + "SdkErrors",
      HERE + "UpstreamGenAi",
      HERE + "SdkCall",
      HERE + "SdkCalls",
      HERE + "SdkCalls$Server",
      HERE + "HttpAttempts",
      HERE + "SdkExits",
      HERE + "SdkGuard",
      HERE + "StainlessGuard",
      HERE + "ObservedSpliterator");

  private SdkClasses() {}

  /** Core, the shared classes, then a module's own. */
  public static List<String> with(List<String> own) {
    List<String> all = new ArrayList<>(CoreClasses.NAMES);
    all.addAll(SHARED);
    all.addAll(own);
    return Collections.unmodifiableList(all);
  }
}
