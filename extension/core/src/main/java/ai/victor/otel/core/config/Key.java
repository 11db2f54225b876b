package ai.victor.otel.core.config;

/**
 * The accessor settings of the span roles (selector, provider, tool, agent), as constants: the
 * per-call paths read {@link Target#accessor(Key)}, an array slot resolved when the target is
 * configured, instead of looking the setting's name up in a map on every call (issue 17).
 */
public enum Key {
  NAME("name"),
  CONVERSATION_ID("conversation-id"),
  CACHE_TYPE("cache-type"),
  HIT("hit"),
  TOOL_COUNT("tool-count"),
  PROVIDER("provider"),
  MODEL("model"),
  RESPONSE_MODEL("response-model"),
  INPUT_TOKENS("input-tokens"),
  OUTPUT_TOKENS("output-tokens"),
  FINISH_REASON("finish-reason"),
  CACHE_READ_TOKENS("cache-read-tokens"),
  CACHE_WRITE_TOKENS("cache-write-tokens"),
  REASONING_TOKENS("reasoning-tokens"),
  STREAM("stream"),
  SERVER_ADDRESS("server-address"),
  SERVER_PORT("server-port"),
  TENANT("tenant"),
  RATE_LIMIT_HEADERS("rate-limit-headers"),
  RETRIES("retries"),
  INPUT_MESSAGES("input-messages"),
  OUTPUT_MESSAGES("output-messages"),
  TOOL("tool"),
  CALL_ID("call-id"),
  FAILED("failed"),
  TOOL_TYPE("tool-type"),
  ARGUMENTS("arguments"),
  RESULT("result");

  private final String setting;

  Key(String setting) {
    this.setting = setting;
  }

  /** The name of the setting, as in {@code victor.targets.<id>.<setting>}. */
  public String setting() {
    return setting;
  }
}
