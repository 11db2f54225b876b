package ai.victor.otel.instrumentation.sdk;

/**
 * What one SDK's responses say about a call: its module reads its own response and chunk types
 * into the {@link SdkCall}. Never throws into the caller's path: {@link SdkCall} catches.
 */
public interface Reader {
  /** A complete response (a blocking or asynchronous call's result). */
  void result(SdkCall call, Object result);

  /** One element of a stream, in order. */
  void chunk(SdkCall call, Object chunk);
}
