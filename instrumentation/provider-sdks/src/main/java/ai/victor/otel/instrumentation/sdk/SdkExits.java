package ai.victor.otel.instrumentation.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * The exits every SDK module's advice shares: a blocking call ends with its method, an
 * asynchronous one when its future completes; streams are wrapped by each module in its SDK's own
 * stream types. None of these throws.
 */
public final class SdkExits {
  private SdkExits() {}

  /**
   * Exit of a service method returning a response, or a {@link CompletableFuture} of one: the
   * call ends with the method, or when the future completes, on the completing thread (a
   * cancelled future is a cancelled call).
   */
  @SuppressWarnings("unchecked")
  public static void exit(Object started, Object result, Throwable thrown) {
    if (!(started instanceof SdkCall)) {
      return;
    }
    SdkCall call = (SdkCall) started;
    call.exit();
    if (thrown != null) {
      call.failed(thrown);
    } else if (result instanceof CompletableFuture) {
      ((CompletableFuture<Object>) result).whenComplete(call);
    } else {
      call.result(result);
    }
  }

  /**
   * Exit of a stream-returning method: the started call when the stream is to be observed, null
   * when there is nothing to observe (not recorded, or failed before a stream existed).
   */
  public static SdkCall streamExit(Object started, Object stream, Throwable thrown) {
    if (!(started instanceof SdkCall)) {
      return null;
    }
    SdkCall call = (SdkCall) started;
    call.exit();
    if (thrown != null || stream == null) {
      call.failed(thrown);
      return null;
    }
    return call;
  }
}
