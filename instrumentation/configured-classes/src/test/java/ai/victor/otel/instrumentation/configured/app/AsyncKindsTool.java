package ai.victor.otel.instrumentation.configured.app;

import io.reactivex.rxjava3.core.Single;
import kotlin.coroutines.Continuation;

/**
 * Tool methods whose results complete later in ways the extension cannot follow: {@code run} has
 * the JVM shape of a Kotlin {@code suspend fun run(input: String): String}, {@code single}
 * returns an RxJava Single. Target async-kinds names both. Loaded only by MisconfigurationTest.
 */
public class AsyncKindsTool {
  public Object run(String input, Continuation<? super String> continuation) {
    return "ran " + input;
  }

  public Single<String> single(String input) {
    return Single.just("single " + input);
  }
}
